import { strict as assert } from 'node:assert';
import { SIGNED_OUT_SNAPSHOT } from '../../../src/account/accountSnapshot';
import { NO_PLANS, toPanelViewState } from '../../../src/account/panelViewState';
import { type PlansView } from '../../../shared/panelProtocol';
import { snapshot } from '../support/fixtures';

describe('toPanelViewState: plans', () => {
  const plans: PlansView = { ...NO_PLANS, catalogue: { plans: [], current: { planId: 'pro', interval: 'month' } }, outcome: { kind: 'resumed' } };

  it("carries the panel's plan state while signed in", () => {
    assert.deepEqual(toPanelViewState(snapshot(), { plans }).plans, plans);
  });

  it('shows nothing of the last account once signed out, and no change in progress by default', () => {
    assert.deepEqual(toPanelViewState(SIGNED_OUT_SNAPSHOT, { plans }).plans, NO_PLANS);
    assert.deepEqual(toPanelViewState(snapshot()).plans, NO_PLANS);
  });
});
