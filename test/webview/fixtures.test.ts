import assert from 'node:assert/strict';
import { HostToWebviewMessage, PanelViewState } from '../../shared/panelProtocol';
import { describeMismatch, matches } from '../../src/api/validate';
import { fixtures, MIXED_INVOICES } from './fixtures';

describe('test fixtures', () => {
  for (const [name, state] of Object.entries(fixtures)) {
    it(`${name} is a PanelViewState the host could post`, () => {
      assert.ok(matches(PanelViewState, state), describeMismatch(PanelViewState, state));
      const message = { type: 'state', state };
      assert.ok(matches(HostToWebviewMessage, message), describeMismatch(HostToWebviewMessage, message));
    });
  }

  it('the mixed invoices are contract invoices', () => {
    const state = { ...fixtures.activeExpiringCard, invoices: { items: MIXED_INVOICES, hasMore: false, loading: false, error: null } };
    assert.ok(matches(PanelViewState, state), describeMismatch(PanelViewState, state));
  });
});
