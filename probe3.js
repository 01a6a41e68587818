const sharp = require('sharp'); const fs = require('fs');
const m = JSON.parse(fs.readFileSync('/tmp/probe/mesh.json'));
const f = '../shared/datasets/personal_color/summer/smr_20.jpg';
const pts = {10:'red',152:'red',234:'blue',454:'blue',172:'lime',397:'lime',33:'yellow',133:'orange',362:'orange',263:'yellow',468:'cyan',473:'magenta',168:'white',2:'white',1:'pink',129:'purple',358:'purple',61:'red',291:'red',0:'blue',17:'blue',105:'lime',334:'lime',54:'cyan',284:'cyan',159:'white',145:'white',58:'pink',288:'pink',136:'yellow',365:'yellow',93:'orange',323:'orange'};
(async()=>{ const meta = await sharp(f).rotate().metadata();
const circles = Object.entries(pts).map(([i,c]) => `<circle cx="${m[i][0]}" cy="${m[i][1]}" r="3" fill="${c}"/><text x="${m[i][0]+4}" y="${m[i][1]-4}" font-size="13" fill="${c}">${i}</text>`).join('');
const svg = Buffer.from(`<svg width="${meta.width}" height="${meta.height}" xmlns="http://www.w3.org/2000/svg">${circles}</svg>`);
const buf = await sharp(f).rotate().composite([{ input: svg }]).png().toBuffer();
await sharp(buf).extract({left:100,top:200,width:620,height:520}).png().toFile('/tmp/probe/lm.png');})();
