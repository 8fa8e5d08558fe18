import { strict as assert } from 'node:assert';
import { markerAction, SessionMarkerWatch } from '../../../src/auth/sessionMarker';
import { Emitter } from '../../../src/util/events';
import { MemoryKeyValueStore, StorageKeys } from '../../../src/util/storage';

const quietLogger = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

describe('session marker (other windows follow a sign-in or sign-out)', () => {
  it('decides from the newest marker: forget on a sign-out, re-read on another sign-in, nothing otherwise', () => {
    assert.equal(markerAction({ session: null, at: 5 }, 'u1:a', 4), 'forget');
    assert.equal(markerAction({ session: null, at: 5 }, undefined, 4), 'none');
    assert.equal(markerAction({ session: 'u2:b', at: 5 }, 'u1:a', 4), 'reload');
    assert.equal(markerAction({ session: 'u2:b', at: 5 }, undefined, 4), 'reload');
    assert.equal(markerAction({ session: 'u1:a', at: 5 }, 'u1:a', 4), 'none');
    assert.equal(markerAction({ session: null, at: 4 }, 'u1:a', 4), 'none', 'already acted on');
    for (const broken of [undefined, null, 'x', { session: 3, at: 5 }, { session: null, at: Number.NaN }, { session: 'x'.repeat(201), at: 5 }]) {
      assert.equal(markerAction(broken, 'u1:a', 0), 'none', JSON.stringify(broken));
    }
  });

  it("writes its own sign-in and sign-out, not token rotations, and follows another window's", async () => {
    const state = new MemoryKeyValueStore();
    const changed = new Emitter<{ id: string } | undefined>();
    let current: { id: string } | undefined = { id: 'u1:a' };
    const calls: string[] = [];
    let now = 1000;
    const watch = new SessionMarkerWatch({
      state,
      clock: { now: () => now },
      logger: quietLogger,
      intervalMs: 60_000,
      sessions: {
        get current() {
          return current;
        },
        onDidChange: changed.event,
        load: async () => void calls.push('load'),
        forgetSignedOutElsewhere: async () => {
          calls.push('forget');
          current = undefined;
          changed.fire(undefined);
        },
      },
      onSignedInElsewhereUnseen: () => calls.push('offer reload'),
    });
    try {
      changed.fire({ id: 'u1:a' }); // a rotation: same sign-in
      assert.equal(state.get(StorageKeys.sessionMarker), undefined);

      // Another window signs out.
      now = 2000;
      await state.update(StorageKeys.sessionMarker, { session: null, at: 2000 });
      await watch.check();
      assert.deepEqual(calls, ['forget']);
      assert.deepEqual(state.get(StorageKeys.sessionMarker), { session: null, at: 2000 }, 'following it writes nothing new');

      // Another window signs in; this one's SecretStorage still has nothing.
      await state.update(StorageKeys.sessionMarker, { session: 'u2:b', at: 3000 });
      await watch.check();
      await watch.check();
      assert.deepEqual(calls, ['forget', 'load', 'offer reload'], 'once per marker');

      // This window signs in itself.
      now = 4000;
      current = { id: 'u3:c' };
      changed.fire(current);
      assert.deepEqual(state.get(StorageKeys.sessionMarker), { session: 'u3:c', at: 4000 });

      // Another window's write of its whole globalState brings an older marker back: this one writes its own again.
      await state.update(StorageKeys.sessionMarker, { session: null, at: 2000 });
      await watch.check();
      assert.deepEqual(state.get(StorageKeys.sessionMarker), { session: 'u3:c', at: 4000 });
      assert.deepEqual(calls, ['forget', 'load', 'offer reload'], 'and does not act on the older marker');
    } finally {
      watch.dispose();
    }
  });
});
