// Clerk JSON shapes, with the fields @clerk/backend and clerk-js read (snake_case, millisecond timestamps).
import type { ClientRecord, SessionRecord, UserRecord } from './store.ts';

export function userJson(user: UserRecord, { includePrivate }: { includePrivate: boolean }): Record<string, unknown> {
  const json: Record<string, unknown> = {
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
    two_factor_enabled: false,
    totp_enabled: false,
    backup_code_enabled: false,
    // The SDK maps linked_to without a guard: it must be an array.
    email_addresses: [
      {
        object: 'email_address',
        id: user.emailId,
        email_address: user.email,
        reserved: false,
        verification: {
          object: 'verification_email_code',
          status: 'verified',
          strategy: 'email_code',
          attempts: 1,
          expire_at: null,
        },
        linked_to: [],
        created_at: user.createdAt,
        updated_at: user.updatedAt,
      },
    ],
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
    lockout_expires_in_seconds: null,
    verification_attempts_remaining: 100,
    create_organization_enabled: false,
    create_organizations_limit: null,
    delete_self_enabled: true,
    legal_accepted_at: null,
    last_sign_in_at: user.lastSignInAt,
    last_active_at: user.lastActiveAt,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
  };
  if (includePrivate) json.private_metadata = user.privateMetadata;
  return json;
}

/** Backend API session. */
export function sessionJson(session: SessionRecord): Record<string, unknown> {
  return {
    object: 'session',
    id: session.id,
    client_id: session.clientId,
    user_id: session.userId,
    status: session.status,
    last_active_at: session.lastActiveAt,
    last_active_organization_id: null,
    actor: null,
    expire_at: session.expireAt,
    abandon_at: session.abandonAt,
    created_at: session.createdAt,
    updated_at: session.updatedAt,
  };
}

/** Frontend API session: embeds the user and its current token, as clerk-js expects. */
export function frontendSessionJson(
  session: SessionRecord,
  user: UserRecord,
  jwt: string | null,
): Record<string, unknown> {
  return {
    object: 'session',
    id: session.id,
    status: session.status,
    expire_at: session.expireAt,
    abandon_at: session.abandonAt,
    last_active_at: session.lastActiveAt,
    last_active_organization_id: null,
    last_active_token: jwt ? { object: 'token', jwt } : null,
    actor: null,
    tasks: null,
    factor_verification_age: [0, -1],
    user: userJson(user, { includePrivate: false }),
    public_user_data: {
      first_name: user.firstName,
      last_name: user.lastName,
      image_url: '',
      has_image: false,
      identifier: user.email,
      username: user.username,
    },
    created_at: session.createdAt,
    updated_at: session.updatedAt,
  };
}

export function frontendClientJson(
  client: ClientRecord | undefined,
  sessions: Record<string, unknown>[],
): Record<string, unknown> | null {
  if (!client) return null;
  return {
    object: 'client',
    id: client.id,
    sessions,
    sign_in: null,
    sign_up: null,
    last_active_session_id: sessions.length > 0 ? client.lastActiveSessionId : null,
    last_authentication_strategy: sessions.length > 0 ? 'password' : null,
    cookie_expires_at: null,
    captcha_bypass: false,
    created_at: client.createdAt,
    updated_at: client.updatedAt,
  };
}
