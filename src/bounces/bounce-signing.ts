/**
 * The VERP settings every sender of mail shares: the bounce address (BOUNCE_ADDRESS) and the key that signs
 * its per-subscriber tokens. The key is derived from SUBSCRIPTION_SECRET under its own label rather than being
 * one more secret to generate, keep and rotate; the label keeps a VERP MAC from ever equalling a link token's.
 */
import { createHmac } from 'node:crypto';
import { ConfigError } from '../config/env.ts';
import { verpAddress } from './verp.ts';

export interface BounceSigning {
  /** BOUNCE_ADDRESS, e.g. bounces@tips.example.com */
  address: string;
  /** HMAC key for the VERP tokens */
  secret: string;
}

const VERP_KEY_LABEL = 'tip-of-the-week:verp-key:v1';

/** The VERP key for a subscription secret: stable as long as SUBSCRIPTION_SECRET is. */
export function verpSecret(subscriptionSecret: string): string {
  return createHmac('sha256', subscriptionSecret).update(VERP_KEY_LABEL).digest('hex');
}

/**
 * The signing settings, or undefined when BOUNCE_ADDRESS is not set (the From address then takes bounces).
 * Checked here, at start-up, with the longest id there can be, so an unusable address never stops a send midway.
 */
export function bounceSigning(bounceAddress: string | undefined, subscriptionSecret: string): BounceSigning | undefined {
  if (bounceAddress === undefined) return undefined;
  const signing = { address: bounceAddress, secret: verpSecret(subscriptionSecret) };
  try {
    verpAddress(signing.address, Number.MAX_SAFE_INTEGER, signing.secret);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  return signing;
}

/** The envelope sender for one subscriber's message: their signed VERP address, or undefined without VERP. */
export function returnPathFor(signing: BounceSigning | undefined, subscriberId: number): string | undefined {
  return signing === undefined ? undefined : verpAddress(signing.address, subscriberId, signing.secret);
}
