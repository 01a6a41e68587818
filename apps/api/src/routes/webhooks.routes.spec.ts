import { bubbleTargets } from './webhooks.routes';

const WF = 'https://app.bubbleapps.io/version-test/api/1.1/wf/face-done';

test.each([
  [WF, WF, `${WF}/initialize`],
  [`${WF}/`, WF, `${WF}/initialize`],
  [`${WF}/initialize`, WF, `${WF}/initialize`],
  [`${WF}/initialize/`, WF, `${WF}/initialize`],
  [
    'https://example.com/hook?debug=1',
    'https://example.com/hook?debug=1',
    'https://example.com/hook/initialize?debug=1',
  ],
  ['https://example.com', 'https://example.com/', 'https://example.com/initialize'],
])('%s: live %s, detect data at %s', (raw, live, initialize) => {
  expect(bubbleTargets(raw)).toEqual({ live, initialize });
});
