/**
 * Schema migrations, applied in order; PRAGMA user_version records how many ran.
 * Never edit a shipped migration: append a new one.
 *
 * Times are integer milliseconds since the epoch. Billing times (periods,
 * invoices, outbox) are on the billing clock; auth and portal lifetimes are on
 * the real clock. Secrets (codes, tokens, portal URLs, cookies) are stored only
 * as SHA-256 hashes.
 */

/**
 * Tables whose rows make up what GET /v1/account, /v1/usage, /v1/entitlements
 * and /v1/payment-methods answer, by the column naming their account. Every
 * write to them bumps the account's `version` in the same statement
 * (triggers), so no write path can forget it: the 304 fast path compares
 * versions instead of rebuilding the account
 * (docs/contract.md#how-the-sandbox-answers-304-without-loading-the-account).
 * Both lists are migration 6 as shipped: a table added later gets its
 * triggers in its own migration (test/sandbox/accountVersions.test.ts fails for
 * a table with an account column and neither triggers nor a reason).
 */
const REPRESENTATION_TABLES: ReadonlyArray<readonly [table: string, account: string]> = [
  ['users', 'id'],
  ['payment_methods', 'user_id'],
  ['subscriptions', 'user_id'],
  ['invoices', 'user_id'],
  ['payments', 'user_id'],
  ['plan_change_previews', 'user_id'],
  ['pending_plan_changes', 'user_id'],
  ['usage_periods', 'user_id'],
  ['usage_events', 'user_id'],
  ['bonus_grants', 'user_id'],
  ['usage_history', 'user_id'],
  ['entitlement_tokens', 'user_id'],
];

/** The sign-in tables: every write (a sign-in, a rotation, a revocation) bumps the account's `auth_version`. */
const AUTH_TABLES: ReadonlyArray<readonly [table: string, account: string]> = [
  ['token_families', 'user_id'],
  ['oauth_tokens', 'user_id'],
];

/** AFTER INSERT/UPDATE/DELETE triggers adding 1 to `counter` of the row's account (and of the old account, should a row move). */
function bumpTriggers(tables: ReadonlyArray<readonly [string, string]>, counter: 'version' | 'auth_version'): string {
  // An upsert after INSERT … SELECT needs a WHERE clause (SQLite's parsing ambiguity), hence `WHERE true`.
  const bump = (account: string, when = ' WHERE true') =>
    `INSERT INTO account_versions (user_id, ${counter}) SELECT ${account}, 1${when} ON CONFLICT(user_id) DO UPDATE SET ${counter} = ${counter} + 1;`;
  return tables
    .map(
      ([table, column]) => `
  CREATE TRIGGER ${table}_bumps_${counter}_on_insert AFTER INSERT ON ${table} BEGIN ${bump(`NEW.${column}`)} END;
  CREATE TRIGGER ${table}_bumps_${counter}_on_update AFTER UPDATE ON ${table} BEGIN
    ${bump(`NEW.${column}`)}
    ${bump(`OLD.${column}`, ` WHERE OLD.${column} IS NOT NEW.${column}`)}
  END;
  CREATE TRIGGER ${table}_bumps_${counter}_on_delete AFTER DELETE ON ${table} BEGIN ${bump(`OLD.${column}`)} END;`,
    )
    .join('');
}

export const migrations: readonly string[] = [
  `
  CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;

  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    billing_name TEXT NOT NULL,
    billing_address TEXT,
    billing_tax_ids TEXT NOT NULL DEFAULT '[]',
    default_payment_method_id TEXT,
    entitlement_seq INTEGER NOT NULL DEFAULT 0
  ) STRICT;

  CREATE TABLE payment_methods (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    brand TEXT NOT NULL,
    last4 TEXT NOT NULL,
    exp_month INTEGER NOT NULL,
    exp_year INTEGER NOT NULL,
    cardholder_name TEXT NOT NULL,
    charge_outcome TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    detached_at INTEGER
  ) STRICT;

  CREATE TABLE subscriptions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL UNIQUE REFERENCES users(id),
    plan_id TEXT NOT NULL,
    price_amount INTEGER NOT NULL,
    interval TEXT NOT NULL,
    status TEXT NOT NULL,
    current_period_start INTEGER NOT NULL,
    current_period_end INTEGER NOT NULL,
    trial_end INTEGER,
    cancel_at_period_end INTEGER NOT NULL DEFAULT 0,
    canceled_at INTEGER,
    ended_at INTEGER,
    created_at INTEGER NOT NULL,
    trial_notice_sent INTEGER NOT NULL DEFAULT 0,
    card_notice_key TEXT
  ) STRICT;

  CREATE TABLE invoices (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    number TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users(id),
    subscription_id TEXT,
    status TEXT NOT NULL,
    created INTEGER NOT NULL,
    period_start INTEGER NOT NULL,
    period_end INTEGER NOT NULL,
    due_date INTEGER,
    paid_at INTEGER,
    total INTEGER NOT NULL,
    amount_paid INTEGER NOT NULL DEFAULT 0,
    attempt_count INTEGER NOT NULL DEFAULT 0,
    lines TEXT NOT NULL,
    billing_details TEXT NOT NULL,
    first_failed_at INTEGER,
    last_failed_at INTEGER,
    decline_code TEXT,
    next_retry_at INTEGER,
    dunning_ends_at INTEGER
  ) STRICT;
  CREATE INDEX invoices_by_user ON invoices(user_id, created DESC, seq DESC);
  CREATE INDEX invoices_by_status ON invoices(status);

  CREATE TABLE charges (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    invoice_id TEXT NOT NULL,
    payment_method_id TEXT,
    amount INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    created_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX outbox_by_user ON outbox(user_id, seq);

  CREATE TABLE oauth_codes (
    hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    redirect_uri TEXT NOT NULL,
    code_challenge TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    family_id TEXT
  ) STRICT;

  CREATE TABLE token_families (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
  ) STRICT;

  CREATE TABLE oauth_tokens (
    hash TEXT PRIMARY KEY,
    family_id TEXT NOT NULL REFERENCES token_families(id),
    user_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    revoked_at INTEGER,
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX oauth_tokens_by_family ON oauth_tokens(family_id);

  CREATE TABLE portal_sessions (
    id TEXT PRIMARY KEY,
    url_hash TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL,
    flow TEXT NOT NULL,
    return_url TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    consumed_at INTEGER,
    cookie_hash TEXT UNIQUE,
    cookie_expires_at INTEGER,
    csrf TEXT NOT NULL,
    pending TEXT
  ) STRICT;

  CREATE TABLE idempotency_keys (
    user_id TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, key)
  ) STRICT;

  CREATE TABLE entitlement_tokens (
    user_id TEXT PRIMARY KEY,
    token TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    issued_at INTEGER NOT NULL
  ) STRICT;
  `,
  // 2: an answer holding a one-time secret (a portal link) is not kept: "rerun" rows hold only what a retry needs.
  `
  ALTER TABLE idempotency_keys ADD COLUMN replay TEXT NOT NULL DEFAULT 'answer';
  `,
  // 3: several cards per account (funding, billing address), tax on invoices, payments with the card and
  // decline of the moment (replacing charges), and the card a portal session edits.
  `
  ALTER TABLE payment_methods ADD COLUMN funding TEXT NOT NULL DEFAULT 'unknown';
  ALTER TABLE payment_methods ADD COLUMN billing_address TEXT;
  CREATE INDEX payment_methods_by_user ON payment_methods(user_id, created_at DESC);

  ALTER TABLE invoices ADD COLUMN subtotal INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE invoices ADD COLUMN tax INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE invoices ADD COLUMN tax_lines TEXT NOT NULL DEFAULT '[]';
  ALTER TABLE invoices ADD COLUMN seller TEXT;
  -- Invoices issued before tax had none: their subtotal is their total, and every line billed the plan.
  UPDATE invoices SET subtotal = total;
  UPDATE invoices SET lines = (SELECT json_group_array(json_set(value, '$.kind', 'subscription')) FROM json_each(invoices.lines));

  CREATE TABLE payments (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL,
    invoice_id TEXT NOT NULL,
    payment_method_id TEXT,
    status TEXT NOT NULL,
    amount INTEGER NOT NULL,
    card_brand TEXT,
    card_last4 TEXT,
    decline_code TEXT,
    refund_of TEXT,
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX payments_by_user ON payments(user_id, created_at DESC, seq DESC);
  CREATE INDEX payments_by_invoice ON payments(invoice_id, created_at, seq);
  INSERT INTO payments (id, user_id, invoice_id, payment_method_id, status, amount, card_brand, card_last4, decline_code, created_at)
    SELECT 'py_legacy' || c.seq, i.user_id, c.invoice_id, c.payment_method_id,
      CASE c.outcome WHEN 'succeed' THEN 'succeeded' ELSE 'failed' END,
      c.amount, pm.brand, pm.last4,
      CASE c.outcome WHEN 'succeed' THEN NULL ELSE c.outcome END,
      c.created_at
    FROM charges c JOIN invoices i ON i.id = c.invoice_id LEFT JOIN payment_methods pm ON pm.id = c.payment_method_id
    ORDER BY c.seq;
  DROP TABLE charges;

  ALTER TABLE portal_sessions ADD COLUMN payment_method_id TEXT;
  `,
  // 4: plan tiers and plan changes: a downgrade scheduled for the period end, why a cancellation was asked for,
  // cards that ask for 3-D Secure on every payment, the invoice of an upgrade waiting for the cardholder
  // (kept out of the balance and of dunning), previews and pending changes.
  `
  ALTER TABLE subscriptions ADD COLUMN scheduled_plan_id TEXT;
  ALTER TABLE subscriptions ADD COLUMN scheduled_interval TEXT;
  ALTER TABLE subscriptions ADD COLUMN scheduled_price INTEGER;
  ALTER TABLE subscriptions ADD COLUMN cancel_reason TEXT;
  ALTER TABLE payment_methods ADD COLUMN requires_authentication INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE invoices ADD COLUMN purpose TEXT;

  CREATE TABLE plan_change_previews (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    target_plan_id TEXT NOT NULL,
    target_interval TEXT NOT NULL,
    target_price INTEGER NOT NULL,
    new_period_start INTEGER NOT NULL,
    new_period_end INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    applied_at INTEGER,
    result TEXT
  ) STRICT;
  CREATE INDEX plan_change_previews_by_user ON plan_change_previews(user_id, created_at);

  CREATE TABLE pending_plan_changes (
    user_id TEXT PRIMARY KEY,
    preview_id TEXT NOT NULL,
    invoice_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    decline_code TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  ) STRICT;
  `,
  // 5: usage in credits (docs/lifecycle.md, "Usage"): each account's current period (plan and overage used, overage
  // settings, alerts sent, overage of periods cut short still to bill), every counted event with where its credits came from, bonus grants, and closed periods' totals.
  `
  CREATE TABLE usage_periods (
    user_id TEXT PRIMARY KEY,
    period_start INTEGER NOT NULL,
    period_end INTEGER NOT NULL,
    plan_id TEXT NOT NULL,
    included INTEGER NOT NULL,
    plan_used INTEGER NOT NULL DEFAULT 0,
    bonus_used INTEGER NOT NULL DEFAULT 0,
    overage_used INTEGER NOT NULL DEFAULT 0,
    overage_enabled INTEGER NOT NULL DEFAULT 0,
    spend_cap INTEGER NOT NULL,
    alerts_sent TEXT NOT NULL DEFAULT '[]',
    unbilled_overage_used INTEGER NOT NULL DEFAULT 0,
    unbilled_overage_cents INTEGER NOT NULL DEFAULT 0
  ) STRICT;

  CREATE TABLE usage_events (
    user_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    feature TEXT NOT NULL,
    hundredths INTEGER NOT NULL,
    occurred_at INTEGER NOT NULL,
    recorded_at INTEGER NOT NULL,
    from_plan INTEGER NOT NULL,
    from_bonus INTEGER NOT NULL,
    from_overage INTEGER NOT NULL,
    remaining_after INTEGER NOT NULL,
    period_start INTEGER NOT NULL,
    PRIMARY KEY (user_id, event_id)
  ) STRICT;
  CREATE INDEX usage_events_by_period ON usage_events(user_id, period_start, occurred_at);

  CREATE TABLE bonus_grants (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    description TEXT NOT NULL,
    granted INTEGER NOT NULL,
    used INTEGER NOT NULL DEFAULT 0,
    expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    retired_at INTEGER
  ) STRICT;
  CREATE INDEX bonus_grants_by_user ON bonus_grants(user_id, expires_at);

  CREATE TABLE usage_history (
    user_id TEXT NOT NULL,
    period_start INTEGER NOT NULL,
    period_end INTEGER NOT NULL,
    plan_id TEXT NOT NULL,
    included INTEGER NOT NULL,
    used INTEGER NOT NULL,
    overage_used INTEGER NOT NULL,
    overage_cents INTEGER NOT NULL,
    PRIMARY KEY (user_id, period_start)
  ) STRICT;
  `,
  // 6: per-account counters for the 304 fast path (docs/contract.md, "How the sandbox answers 304 without loading the
  // account"): \`version\` changes with every write to what the account's representations are read from,
  // \`auth_version\` with every write to its sign-ins.
  `
  CREATE TABLE account_versions (
    user_id TEXT PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 0,
    auth_version INTEGER NOT NULL DEFAULT 0
  ) STRICT, WITHOUT ROWID;
  INSERT INTO account_versions (user_id, version, auth_version) SELECT id, 1, 1 FROM users;
  ${bumpTriggers(REPRESENTATION_TABLES, 'version')}
  ${bumpTriggers(AUTH_TABLES, 'auth_version')}
  `,
];
