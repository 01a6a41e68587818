import { Webhook } from 'standardwebhooks';
import { signedHeaders } from './index';

const SECRET = `whsec_${Buffer.from('a-webhook-secret-of-32-bytes-long!').toString('base64')}`;
const AT = new Date('2026-12-06T12:00:00.400Z');
const BODY = JSON.stringify({ event: 'analysis.completed', id: '3f1c2b9e-8d4a-4c1e-9b7a-2e5f6a7b8c9d' });

test('the headers verify with the Standard Webhooks library; the timestamp is the attempt in whole seconds', () => {
  const headers = signedHeaders(SECRET, 'msg_1', BODY, AT);
  expect(headers['webhook-id']).toBe('msg_1');
  expect(headers['webhook-timestamp']).toBe(String(Math.floor(AT.getTime() / 1000)));
  expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
  // verified as a receiver would, at the time of the attempt
  const receiver = new Webhook(SECRET);
  jest.useFakeTimers({ now: AT });
  try {
    expect(receiver.verify(BODY, headers)).toEqual(JSON.parse(BODY));
    expect(() => receiver.verify(BODY.replace('completed', 'failed'), headers)).toThrow();
    expect(() =>
      new Webhook(`whsec_${Buffer.from('another-secret-of-32-bytes-long!!!').toString('base64')}`).verify(
        BODY,
        headers,
      ),
    ).toThrow();
  } finally {
    jest.useRealTimers();
  }
});
