/** Typed access to the extension's settings (contributed in package.json). */
import * as vscode from 'vscode';
import { ApiError } from '../api/apiError';
import { buildServiceUrl } from './buildConfig';
import { checkServiceUrl, type ServiceUrlCheck } from './serviceUrl';

export const SETTINGS_SECTION = 'planBilling';

/** planBilling.serviceUrl checked (empty = the build's service URL). */
export function serviceUrlCheck(): ServiceUrlCheck {
  return checkServiceUrl(vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>('serviceUrl', ''), buildServiceUrl);
}

/**
 * The service URL every request goes to. Throws when the setting is refused
 * (e.g. http across a network), so no request is ever sent to such a URL;
 * callers report the error like any other failed request.
 */
export function serviceUrl(): string {
  const check = serviceUrlCheck();
  if (!check.ok) throw new ApiError('unknown', check.problem);
  return check.url;
}

/** Why the service URL is refused, or undefined when it is usable (the status bar shows it). */
export function serviceUrlProblem(): string | undefined {
  const check = serviceUrlCheck();
  return check.ok ? undefined : check.problem;
}

export function muteNonCriticalNotifications(): boolean {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<boolean>('notifications.muteNonCritical', false);
}

/** planBilling.notifications.muteUsageAlerts: no 80 %, credits used up, overage or spend cap alerts. */
export function muteUsageAlerts(): boolean {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<boolean>('notifications.muteUsageAlerts', false);
}

/** Per-attempt request timeout (planBilling.network.timeoutSeconds, 1–120 s). */
export function requestTimeoutMs(): number {
  const seconds = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<number>('network.timeoutSeconds', 10);
  return Math.min(120, Math.max(1, Number.isFinite(seconds) ? seconds : 10)) * 1000;
}
