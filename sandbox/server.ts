/**
 * Composition root of the sandbox: opens the database, seeds demo data, loads
 * the signing key, builds the services and the HTTP app, listens on loopback.
 * Used by main.ts and by tests that run the service in-process.
 */
import type { FastifyInstance } from 'fastify';
import { CallbackRegistry } from './auth/callbackRegistry';
import { OAuthService } from './auth/oauthService';
import { SignInGuard } from './auth/signInGuard';
import { BillingClock } from './billing/clock';
import type { BillingContext } from './billing/context';
import { seedDemoData } from './billing/demoData';
import { LifecycleEngine } from './billing/lifecycle';
import { Repository } from './billing/repository';
import type { ServiceMode } from './cli';
import type { SandboxConfig } from './config';
import { openDatabase, type Db } from './db/database';
import { EntitlementService } from './entitlements/entitlementService';
import { loadOrCreateSigningKey, signingKeyFile } from './entitlements/signingKey';
import { buildApp } from './http/app';
import { FaultTable } from './http/faults';
import { FreshEtags } from './http/freshEtags';
import { RateLimiter } from './http/rateLimiter';
import type { SandboxServices } from './http/services';
import { HomePaths } from './portal/homePage';
import { PortalSessions } from './portal/portalSessions';

/** How often the account counters are compared with the database for other connections' writes. */
export const OTHER_CONNECTIONS_CHECK_MS = 200;

export interface SandboxOptions {
  readonly dataFile: string;
  readonly reset?: boolean;
  readonly mode?: ServiceMode;
  readonly port?: number;
  readonly config: SandboxConfig;
}

export interface RunningSandbox {
  /** http://127.0.0.1:PORT, where it listens (SANDBOX_PUBLIC_URL may name another origin for browsers). */
  readonly url: string;
  readonly app: FastifyInstance;
  readonly services: SandboxServices;
  readonly db: Db;
  /** Whether this start seeded the demo accounts (a fresh database). */
  readonly seeded: boolean;
  close(): Promise<void>;
}

export async function startSandboxServer(options: SandboxOptions): Promise<RunningSandbox> {
  const db = openDatabase(options.dataFile, { reset: options.reset });
  let otherConnections: NodeJS.Timeout | undefined;
  try {
    const repo = new Repository(db);
    const clock = new BillingClock(db);
    const billing: BillingContext = { repo, clock, config: options.config };
    const seeded = seedDemoData(billing);
    const engine = new LifecycleEngine(billing);
    engine.run();
    const signingKey = await loadOrCreateSigningKey(signingKeyFile(options.dataFile));
    let baseUrl = '';
    const mode = options.mode ?? 'sandbox';
    const publicUrl = () => options.config.publicUrl ?? baseUrl;
    const services: SandboxServices = {
      config: options.config,
      mode,
      billing,
      engine,
      oauth: new OAuthService(repo, options.config),
      callbacks: new CallbackRegistry({
        webOrigins: options.config.webCallbackOrigins,
        // The home page's sign-in demo returns to the service itself; it exists in sandbox mode only.
        extra: () => (mode === 'sandbox' ? [{ uri: `${publicUrl()}${HomePaths.oauthCallback}`, purpose: 'signIn', label: 'the sandbox home page' }] : []),
      }),
      signInGuard: new SignInGuard(),
      entitlements: new EntitlementService(billing, signingKey),
      signingKey,
      portal: new PortalSessions(repo, options.config),
      faults: new FaultTable(),
      etags: new FreshEtags(clock),
      apiRateLimiter: new RateLimiter(options.config.rateLimitPerMinute),
      clientRateLimiter: new RateLimiter(options.config.clientRateLimitPerMinute),
      baseUrl: publicUrl,
    };
    // Writes by another connection to the database (the sqlite3 shell, a second process) bypass this process's
    // copy of the account counters: look for them a few times a second (db/accountVersionRecords.ts).
    otherConnections = setInterval(() => repo.versions.noticeOtherConnections(), OTHER_CONNECTIONS_CHECK_MS);
    otherConnections.unref();
    const app = await buildApp(services);
    await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
    baseUrl = `http://127.0.0.1:${address.port}`;
    let closed = false;
    return {
      url: baseUrl,
      app,
      services,
      db,
      seeded,
      async close() {
        if (closed) return;
        closed = true;
        clearInterval(otherConnections);
        await app.close();
        db.close();
      },
    };
  } catch (error) {
    clearInterval(otherConnections);
    db.close();
    throw error;
  }
}
