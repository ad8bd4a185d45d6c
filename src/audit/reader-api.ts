/*
 * The contract between the audit and its live reader (src/audit/aws/reader.ts, bundled with the AWS SDK
 * into assets/audit/reader.js, D54). Type-only on this side: the audit never imports the SDK.
 */
import type { AccountState } from './state';

/** Where and as whom one account is read. */
export interface AccountTarget {
  readonly account: string;
  readonly region: string;
  /** A profile of ~/.aws/config or ~/.aws/credentials (its own role_arn/source_profile/sso settings apply). */
  readonly profile?: string;
  /** A role to assume in the account (from the profile's credentials, else the default chain). */
  readonly roleArn?: string;
  /** The external id the role's trust policy asks for. */
  readonly externalId?: string;
}

export interface ReaderOptions {
  /** One endpoint for every service (an emulator, a proxy); default: AWS's. */
  readonly endpoint?: string;
  /** Tries per call, the first included (throttling, 5xx and network errors are retried). Default 8. */
  readonly maxAttempts?: number;
  /** First back-off delay; it doubles per try, with jitter, up to 20 s. Default 200 ms. */
  readonly baseDelayMs?: number;
  /** Time limit of one HTTP request. Default 30 s. */
  readonly requestTimeoutMs?: number;
  /** Reports progress (one line per account and step). */
  readonly progress?: (text: string) => void;
}

/** What the bundle exports. */
export interface LiveReader {
  /** Reads one account. Rejects when the account cannot be read at all (credentials, network). */
  readAccount(target: AccountTarget, options: ReaderOptions): Promise<AccountState>;
}
