/**
 * The page for people (GET /r/:token): one analysis read in ten seconds — the overlay, the face shape with its
 * proportions, the skin scores as bars with the person's percentile, and the personal colour with its palette.
 * Mobile-first (390 px), readable in a Bubble HTML element or iframe, printable; no external fonts, scripts or
 * styles, and every value that reaches the HTML is escaped (colours are checked to be #rrggbb).
 */
import { bandOf, catalog, flatKey, valueLabel, type MetricDefinition } from '@face/catalog';
import type { AnalysisRecord } from '@face/db';
import { SKIN_CONCERNS, SKIN_SCORE_BANDS, skinScores, type SkinScoreKey } from '@face/norms/skin-scores';

export type ReportLanguage = 'ko' | 'en';

const TEXT = {
  title: { ko: '얼굴 분석 결과', en: 'Your face analysis' },
  overlay: { ko: '측정 위치', en: 'What was measured' },
  faceShape: { ko: '얼굴형과 비율', en: 'Face shape and proportions' },
  skin: { ko: '피부 점수', en: 'Skin scores' },
  skinNote: {
    ko: '100점에 가까울수록 좋습니다. 같은 성별·나이대 사람들과 비교한 점수입니다.',
    en: 'Higher is better: each score compares you with people of your gender and age.',
  },
  colour: { ko: '퍼스널 컬러', en: 'Personal colour' },
  best: { ko: '어울리는 색', en: 'Colours that suit you' },
  drape: { ko: '컬러 드레이핑', en: 'Colour drape' },
  drapeNote: {
    ko: '왼쪽은 가장 잘 어울리는 색, 오른쪽은 피할 색입니다.',
    en: 'Left: your best colour. Right: the colour to avoid.',
  },
  avoid: { ko: '피할 색', en: 'Colours to avoid' },
  confidence: { ko: '신뢰도', en: 'Confidence' },
  undertone: { ko: '언더톤', en: 'Undertone' },
  noNorms: { ko: '비교할 기준 없음', en: 'No comparison yet' },
  notMeasured: { ko: '측정하지 못함', en: 'Not measured' },
  percentile: {
    ko: (p: number) => `같은 성별·나이대의 ${Math.round(p)}%보다 많음`,
    en: (p: number) => `more than ${Math.round(p)} % of people like you`,
  },
  overall: { ko: '종합', en: 'Overall' },
  cohort: {
    ko: (band: string, gender: string) =>
      `비교 기준: ${gender === 'female' ? '여성' : '남성'} ${band.replace('-', '–')}세`,
    en: (band: string, gender: string) =>
      `Compared with ${gender === 'female' ? 'women' : 'men'} aged ${band.replace('-', '–')}`,
  },
} as const;

/** Proportions shown under the face shape (catalog keys of the geometry group). */
const PROPORTIONS = [
  'face_length_width_ratio',
  'forehead_ratio',
  'intercanthal_ratio',
  'nose_length_ratio',
  'mouth_width_ratio',
  'lip_height_ratio',
  'symmetry_score',
];

const escapeHtml = (v: unknown) =>
  String(v ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
const hex = (v: unknown) => (typeof v === 'string' && /^#[0-9a-fA-F]{6}$/.test(v) ? v : null);
const metric = (group: string, key: string) => catalog.find((m) => m.group === group && m.key === key)!;

function valueText(m: MetricDefinition, value: unknown, lang: ReportLanguage): string {
  if (value === null || value === undefined) return TEXT.notMeasured[lang];
  if (typeof value === 'string') return valueLabel(flatKey(m), value, lang) ?? value;
  return typeof value === 'number' ? String(Math.round(value * 100) / 100) : '';
}

export interface ReportPictures {
  /** the overlay and the colour drape through this report's token, or null when there is none */
  overlayUrl: string | null;
  drapeUrl: string | null;
}

export function reportPage(record: AnalysisRecord, pictures: ReportPictures, lang: ReportLanguage): string {
  const row = (record.metrics ?? {}) as Record<string, unknown>;
  const value = (m: MetricDefinition) => row[flatKey(m)] ?? null;
  const band = (m: MetricDefinition) => {
    const v = value(m);
    const b = bandOf(m, typeof v === 'number' ? v : null);
    return b ? (valueLabel(flatKey(m), b, lang) ?? b) : null;
  };

  const shape = metric('geometry', 'face_shape');
  const proportions = PROPORTIONS.map((k) => metric('geometry', k))
    .map(
      (m) =>
        `<tr><th scope="row">${escapeHtml(m.label[lang])}</th><td>${escapeHtml(valueText(m, value(m), lang))}</td><td>${escapeHtml(band(m) ?? '')}</td></tr>`,
    )
    .join('');

  const percentiles = (record.metrics?.percentiles ?? { values: {}, reasons: {} }) as {
    values: Record<string, number | null>;
    reasons: Record<string, string>;
  };
  const scores = skinScores(percentiles.values, percentiles.reasons);
  const bandText = (b: string | null) => SKIN_SCORE_BANDS.find((x) => x.label === b)?.text[lang] ?? '';
  const scoreRow = (key: SkinScoreKey, label: string, metricKey: string | null) => {
    const s = scores[key];
    const p = metricKey ? percentiles.values[metricKey] : null;
    const note =
      s.score === null
        ? s.null_reason === 'not_measured'
          ? TEXT.notMeasured[lang]
          : TEXT.noNorms[lang]
        : p != null
          ? TEXT.percentile[lang](p)
          : '';
    return `<li data-score="${escapeHtml(key)}"><div class="row"><span>${escapeHtml(label)}</span><b>${s.score ?? '–'}</b></div>
<div class="bar" role="meter" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${s.score ?? 0}" aria-label="${escapeHtml(label)}"><i style="width:${s.score ?? 0}%" class="${escapeHtml(s.band ?? 'none')}"></i></div>
<small>${escapeHtml(bandText(s.band))}${s.band && note ? ' · ' : ''}${escapeHtml(note)}</small></li>`;
  };
  const skinRows = [
    scoreRow('overall', TEXT.overall[lang], null),
    ...SKIN_CONCERNS.map((c) => scoreRow(c.key, c.label[lang], c.metric)),
  ].join('');

  const season = metric('color', 'season');
  const subtype = metric('color', 'season_subtype');
  const undertone = metric('color', 'undertone');
  const confidence = metric('color', 'season_confidence');
  const palette = (row.color_palette ?? { best: [], avoid: [] }) as { best?: unknown[]; avoid?: unknown[] };
  const swatches = (colours: unknown[] | undefined, kind: string) =>
    (colours ?? [])
      .map(hex)
      .filter((c): c is string => c !== null)
      .map((c) => `<span class="swatch" data-swatch="${kind}" style="background:${c}" title="${c}"></span>`)
      .join('');

  const basis = record.metrics?.percentile_basis;
  const completed = record.analysis.completed_at ? record.analysis.completed_at.toISOString().slice(0, 10) : '';

  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(TEXT.title[lang])}</title>
<style>
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Apple SD Gothic Neo","Noto Sans KR","Malgun Gothic",sans-serif;color:#222;background:#faf8f6}
main{max-width:720px;margin:0 auto;padding:16px}
h1{font-size:1.4rem;margin:.2rem 0 1rem}
h2{font-size:1.1rem;margin:0 0 .6rem}
section{background:#fff;border-radius:12px;padding:16px;margin:0 0 16px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
img{display:block;max-width:100%;height:auto;border-radius:8px;margin:0 auto}
table{width:100%;border-collapse:collapse}
th,td{padding:6px 4px;border-bottom:1px solid #eee;text-align:left;font-weight:normal;overflow-wrap:anywhere}
td{text-align:right}
.big{font-size:1.5rem;font-weight:600;margin:.2rem 0}
ul{list-style:none;margin:0;padding:0}
li{margin:0 0 12px}
.row{display:flex;justify-content:space-between}
.bar{height:10px;background:#eee;border-radius:5px;overflow:hidden;margin:4px 0}
.bar i{display:block;height:100%;background:#c9a48d}
.bar i.good{background:#5aa469}.bar i.average{background:#e0b04f}.bar i.needs_care{background:#d9685b}
small{color:#666}
.swatches{display:flex;flex-wrap:wrap;gap:8px;margin:6px 0 12px}
.swatch{width:40px;height:40px;border-radius:50%;border:1px solid rgba(0,0,0,.12)}
footer{color:#888;font-size:.8rem;text-align:center;padding:8px}
@media print{body{background:#fff}section{box-shadow:none;border:1px solid #ddd;break-inside:avoid}}
</style>
</head>
<body>
<main>
<h1>${escapeHtml(TEXT.title[lang])}</h1>
${pictures.overlayUrl ? `<section data-testid="overlay"><h2>${escapeHtml(TEXT.overlay[lang])}</h2><img src="${escapeHtml(pictures.overlayUrl)}" alt="${escapeHtml(TEXT.overlay[lang])}"></section>` : ''}
<section data-testid="face-shape"><h2>${escapeHtml(TEXT.faceShape[lang])}</h2>
<p class="big">${escapeHtml(valueText(shape, value(shape), lang))}</p>
<table>${proportions}</table></section>
<section data-testid="skin"><h2>${escapeHtml(TEXT.skin[lang])}</h2><p><small>${escapeHtml(TEXT.skinNote[lang])}</small></p>
<ul>${skinRows}</ul>
${basis ? `<small data-testid="cohort">${escapeHtml(TEXT.cohort[lang](basis.age_band, basis.gender))}</small>` : ''}</section>
<section data-testid="colour"><h2>${escapeHtml(TEXT.colour[lang])}</h2>
<p class="big">${escapeHtml(valueText(subtype, value(subtype), lang))}</p>
<table>
<tr><th scope="row">${escapeHtml(season.label[lang])}</th><td>${escapeHtml(valueText(season, value(season), lang))}</td></tr>
<tr><th scope="row">${escapeHtml(TEXT.undertone[lang])}</th><td>${escapeHtml(valueText(undertone, value(undertone), lang))}</td></tr>
<tr><th scope="row">${escapeHtml(TEXT.confidence[lang])}</th><td>${escapeHtml(band(confidence) ?? valueText(confidence, value(confidence), lang))}</td></tr>
</table>
<h3>${escapeHtml(TEXT.best[lang])}</h3><div class="swatches">${swatches(palette.best, 'best')}</div>
<h3>${escapeHtml(TEXT.avoid[lang])}</h3><div class="swatches">${swatches(palette.avoid, 'avoid')}</div></section>
${pictures.drapeUrl ? `<section data-testid="drape"><h2>${escapeHtml(TEXT.drape[lang])}</h2><img src="${escapeHtml(pictures.drapeUrl)}" alt="${escapeHtml(TEXT.drape[lang])}"><p><small>${escapeHtml(TEXT.drapeNote[lang])}</small></p></section>` : ''}
<footer>${escapeHtml(completed)}</footer>
</main>
</body>
</html>`;
}
