import { strict as assert } from 'node:assert';
import { opaqueSessionValue, toAuthenticationSession } from '../../../src/auth/authenticationSession';
import { type StoredSession } from '../../../src/auth/authSessions';

describe('the Accounts menu session', () => {
  const stored: StoredSession = {
    accessToken: 'pba_access-token-value-0123456789',
    refreshToken: 'pbr_refresh-token-value-0123456789',
    accessTokenExpiresAt: 0,
    user: { id: 'usr_1', email: 'ada@example.test', name: 'Ada' },
    id: 'usr_1:abc',
    serviceUrl: 'https://billing.example',
  };

  it('shows the account and hands out no token of the service', () => {
    const session = toAuthenticationSession(stored);
    assert.deepEqual(session.account, { id: 'usr_1', label: 'ada@example.test' });
    assert.equal(session.id, 'usr_1:abc');
    const exposed = JSON.stringify(session);
    assert.ok(!exposed.includes(stored.accessToken) && !exposed.includes(stored.refreshToken), exposed);
    assert.match(session.accessToken, /^planbilling-session-[A-Za-z0-9_-]{32}$/);
  });

  it('keeps the opaque value stable through token rotation and distinct per sign-in', () => {
    const rotated = toAuthenticationSession({ ...stored, accessToken: 'pba_rotated-0123456789abcdef', refreshToken: 'pbr_rotated-0123456789abcdef' });
    assert.equal(rotated.accessToken, toAuthenticationSession(stored).accessToken);
    assert.notEqual(opaqueSessionValue('usr_1:abd'), opaqueSessionValue('usr_1:abc'));
  });
});
