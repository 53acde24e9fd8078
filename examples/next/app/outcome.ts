import { isFeaturebaseError } from 'featurebase-identify';

/**
 * One line for an identify's outcome: its status (`created`, `updated`...), or the error's HTTP
 * status and code (`401 unauthenticated`, `403 identity_mismatch`).
 */
export function describeOutcome(outcome: unknown): string {
  if (!isFeaturebaseError(outcome)) return (outcome as { status: string }).status;
  return outcome.status ? `${outcome.status} ${outcome.upstreamCode ?? outcome.code}` : outcome.code;
}
