/** The ApiError a call fails with (the test fails when it succeeds, or fails with something else). */
import { strict as assert } from 'node:assert';
import { ApiError } from '../../../src/api/apiError';

export async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ApiError, `not an ApiError: ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}
