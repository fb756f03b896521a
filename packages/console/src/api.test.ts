import { describe, expect, it } from 'vitest';
import { ApiError, bearer, ok } from './api.js';

const answer = (status: number, body: unknown) => {
  const response = new Response(JSON.stringify(body), { status });
  return Promise.resolve(response.ok ? { data: body, response } : { error: body, response });
};

describe('the console API client', () => {
  it('gives the body of a success', async () => {
    await expect(ok(answer(200, { cases: [] }))).resolves.toEqual({ cases: [] });
  });

  it("turns a refusal into an ApiError with the server's code and message", async () => {
    const refused = ok(answer(403, { error: { code: 'forbidden', message: 'reviewers only' } }));
    await expect(refused).rejects.toBeInstanceOf(ApiError);
    await expect(refused).rejects.toMatchObject({
      status: 403,
      code: 'forbidden',
      message: 'reviewers only',
    });
  });

  it('names the HTTP status when a refusal has no JSON error', async () => {
    await expect(ok(answer(502, 'bad gateway'))).rejects.toMatchObject({
      status: 502,
      code: 'http_error',
      message: 'HTTP 502',
    });
  });

  it('sends a bearer token only when there is one', () => {
    expect(bearer('s3cret')).toEqual({ authorization: 'Bearer s3cret' });
    expect(bearer(undefined)).toEqual({});
  });
});
