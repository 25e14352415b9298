// Clerk JSON shapes, with the fields @clerk/backend and clerk-js read (snake_case, millisecond timestamps).
// Typed with the pinned SDKs' own JSON types, so an SDK upgrade that starts reading a new field fails `tsc`;
// where Clerk's OpenAPI spec and the SDK types differ, the intersections below add what the spec requires.
import type {
  EmailAddressJSON as BackendEmailAddressJSON,
  SessionJSON as BackendSessionJSON,
  UserJSON as BackendUserJSON,
} from '@clerk/backend';
import type {
  ClientJSON as FrontendClientJSON,
  PublicUserDataJSON,
  SessionJSON as FrontendSessionJSON,
  SignInJSON,
  SignUpJSON,
  UserJSON as FrontendUserJSON,
} from '@clerk/shared/types';
import type { ClientRecord, SessionRecord, UserRecord } from './store.ts';

/**
 * An email code verification as the spec documents it (`verification_otp`, no id). The SDK types claim a
 * Clerk resource with `id`, which the API never sends and the SDK never reads.
 */
export interface OtpVerificationJSON {
  object: 'verification_otp';
  status: 'unverified' | 'verified' | 'failed' | 'expired';
  strategy: 'email_code';
  attempts: number | null;
  expire_at: number | null;
}

export type EmailAddressJSON = Omit<BackendEmailAddressJSON, 'verification'> & {
  verification: OtpVerificationJSON;
  reserved: boolean;
  matches_sso_connection: boolean;
  created_at: number;
  updated_at: number;
};

/** Fields the spec requires on every user that the SDK types do not list. */
interface SpecUserExtras {
  profile_image_url: string;
  mfa_enabled_at: number | null;
  mfa_disabled_at: number | null;
  passkeys: [];
  saml_accounts: [];
}

export type UserJSON = Omit<BackendUserJSON, 'email_addresses' | 'private_metadata'> &
  SpecUserExtras & {
    email_addresses: EmailAddressJSON[];
    /** Backend API only: the Frontend API never exposes private metadata. */
    private_metadata?: Record<string, unknown>;
  };

export type SessionJSON = Omit<BackendSessionJSON, 'last_active_organization_id'> & {
  last_active_organization_id: string | null;
  tasks: null;
};

function emailAddressJson(user: UserRecord): EmailAddressJSON {
  return {
    object: 'email_address',
    id: user.emailId,
    email_address: user.email,
    reserved: false,
    verification: {
      object: 'verification_otp',
      status: 'verified',
      strategy: 'email_code',
      attempts: 1,
      expire_at: null,
    },
    // The SDK maps linked_to without a guard: it must be an array.
    linked_to: [],
    matches_sso_connection: false,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
  };
}

export function userJson(user: UserRecord, { includePrivate }: { includePrivate: boolean }): UserJSON {
  const json: UserJSON = {
    object: 'user',
    id: user.id,
    external_id: user.externalId,
    username: user.username,
    first_name: user.firstName,
    last_name: user.lastName,
    image_url: '',
    profile_image_url: '',
    has_image: false,
    primary_email_address_id: user.emailId,
    primary_phone_number_id: null,
    primary_web3_wallet_id: null,
    password_enabled: user.passwordHash !== null,
    password_last_updated_at: null,
    two_factor_enabled: false,
    totp_enabled: false,
    backup_code_enabled: false,
    mfa_enabled_at: null,
    mfa_disabled_at: null,
    email_addresses: [emailAddressJson(user)],
    phone_numbers: [],
    web3_wallets: [],
    passkeys: [],
    external_accounts: [],
    saml_accounts: [],
    enterprise_accounts: [],
    organization_memberships: [],
    public_metadata: user.publicMetadata,
    unsafe_metadata: user.unsafeMetadata,
    banned: false,
    locked: false,
    deprovisioned: false,
    lockout_expires_in_seconds: null,
    verification_attempts_remaining: 100,
    create_organization_enabled: false,
    create_organizations_limit: null,
    delete_self_enabled: true,
    legal_accepted_at: null,
    locale: null,
    timezone: null,
    last_sign_in_at: user.lastSignInAt,
    last_active_at: user.lastActiveAt,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
  };
  if (includePrivate) json.private_metadata = user.privateMetadata;
  return json;
}

/** Backend API session. */
export function sessionJson(session: SessionRecord): SessionJSON {
  return {
    object: 'session',
    id: session.id,
    client_id: session.clientId,
    user_id: session.userId,
    status: session.status,
    last_active_at: session.lastActiveAt,
    last_active_organization_id: session.lastActiveOrganizationId ?? null,
    actor: null,
    tasks: null,
    expire_at: session.expireAt,
    abandon_at: session.abandonAt,
    created_at: session.createdAt,
    updated_at: session.updatedAt,
  };
}

/** The user as clerk-js reads it: its own type plus the spec's required fields. */
export type FrontendUser = Omit<
  FrontendUserJSON,
  | 'email_addresses'
  | 'phone_numbers'
  | 'web3_wallets'
  | 'external_accounts'
  | 'enterprise_accounts'
  | 'passkeys'
  | 'organization_memberships'
  | 'profile_image_id'
> &
  Omit<UserJSON, 'private_metadata'>;

export type FrontendSession = Omit<FrontendSessionJSON, 'user' | 'last_active_token'> & {
  user: FrontendUser;
  /** Null once the session is no longer active (no token can be minted for it). */
  last_active_token: FrontendSessionJSON['last_active_token'] | null;
  public_user_data: PublicUserDataJSON;
};

/** Frontend API session: embeds the user and its current token, as clerk-js expects. */
export function frontendSessionJson(session: SessionRecord, user: UserRecord, jwt: string | null): FrontendSession {
  const { private_metadata: _omitted, ...publicUser } = userJson(user, { includePrivate: false });
  void _omitted;
  return {
    object: 'session',
    id: session.id,
    status: session.status,
    expire_at: session.expireAt,
    abandon_at: session.abandonAt,
    last_active_at: session.lastActiveAt,
    last_active_organization_id: session.lastActiveOrganizationId ?? null,
    last_active_token: jwt ? { object: 'token', id: '', jwt } : null,
    actor: null,
    tasks: null,
    factor_verification_age: [0, -1],
    user: publicUser,
    public_user_data: {
      first_name: user.firstName,
      last_name: user.lastName,
      image_url: '',
      has_image: false,
      identifier: user.email,
      user_id: user.id,
      ...(user.username ? { username: user.username } : {}),
    },
    created_at: session.createdAt,
    updated_at: session.updatedAt,
  };
}

/** Sign-in and sign-up attempts carry the spec's object names (`sign_in_attempt`, `sign_up_attempt`). */
export type FrontendSignIn = Omit<SignInJSON, 'object'> & { object: 'sign_in_attempt'; abandon_at: number };
export type FrontendSignUp = Omit<SignUpJSON, 'object'> & {
  object: 'sign_up_attempt';
  password_enabled: boolean;
  custom_action: boolean;
  external_id: string | null;
  public_metadata: Record<string, unknown>;
};

export type FrontendClient = Omit<FrontendClientJSON, 'sessions' | 'sign_in' | 'sign_up'> & {
  sessions: FrontendSession[];
  sign_in: FrontendSignIn | null;
  sign_up: FrontendSignUp | null;
  captcha_bypass: boolean;
};

export function frontendClientJson(
  client: ClientRecord | undefined,
  sessions: FrontendSession[],
  attempts: { signIn?: FrontendSignIn | null; signUp?: FrontendSignUp | null } = {},
): FrontendClient | null {
  if (!client) return null;
  return {
    object: 'client',
    id: client.id,
    sessions,
    sign_in: attempts.signIn ?? null,
    sign_up: attempts.signUp ?? null,
    last_active_session_id: sessions.length > 0 ? client.lastActiveSessionId : null,
    last_authentication_strategy: sessions.length > 0 ? 'password' : null,
    cookie_expires_at: null,
    captcha_bypass: false,
    created_at: client.createdAt,
    updated_at: client.updatedAt,
  };
}
