import { drawLine } from './draw-lines';

const canvas = (width: number, height: number) => ({ data: new Uint8Array(width * height * 3), width, height });
const red = (c: ReturnType<typeof canvas>, x: number, y: number) => c.data[(y * c.width + x) * 3];

describe('drawLine', () => {
  it('lights the pixels a horizontal line crosses, at the given opacity, and nothing else', () => {
    const c = canvas(10, 5);
    drawLine(c, 1.5, 2.5, 8.5, 2.5, [200, 0, 0], 0.5);
    for (let x = 2; x <= 7; x++) expect(red(c, x, 2)).toBe(100);
    // the line starts and ends at pixel centres: half of each end pixel is covered
    expect([red(c, 1, 2), red(c, 8, 2)]).toEqual([50, 50]);
    expect(red(c, 0, 2)).toBe(0);
    expect(red(c, 9, 2)).toBe(0);
    for (const y of [0, 1, 3, 4]) for (let x = 0; x < 10; x++) expect(red(c, x, y)).toBe(0);
  });

  it('splits a line between two pixel rows by how near it passes (anti-aliasing)', () => {
    const c = canvas(10, 6);
    // a quarter of the way from row 2's centre to row 3's
    drawLine(c, 1.5, 2.75, 8.5, 2.75, [200, 0, 0], 1);
    expect(red(c, 4, 2)).toBe(150);
    expect(red(c, 4, 3)).toBe(50);
  });

  it('draws steep and reversed lines as their mirror images, and skips what falls outside', () => {
    const a = canvas(8, 8);
    const b = canvas(8, 8);
    drawLine(a, 2.5, 1.5, 3.5, 6.5, [255, 255, 255], 1);
    drawLine(b, 3.5, 6.5, 2.5, 1.5, [255, 255, 255], 1);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    // interior rows get the whole weight between two columns; the end pixels, whose centres the line starts at, half of it
    for (let y = 2; y <= 5; y++) expect(red(a, 2, y) + red(a, 3, y)).toBeGreaterThanOrEqual(254);
    expect(red(a, 2, 1) + red(a, 3, 1)).toBeGreaterThanOrEqual(127);
    const c = canvas(4, 4);
    expect(() => drawLine(c, -10, -10, 20, 20, [255, 255, 255], 1)).not.toThrow();
    expect(red(c, 2, 2)).toBeGreaterThan(0);
  });
});
