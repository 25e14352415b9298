// Response schemas for the contract tests, written from reading Clerk's OpenAPI specs (bapi/fapi
// 2026-05-12, webhooks 2025-04-15): each lists the fields the spec marks required, with their types.
// Optional fields are checked only for their type when present. Unknown fields are allowed, as in the spec.
import { z } from 'zod';

const int = z.number().int();
const nullableInt = int.nullable();
const nullableString = z.string().nullable();
const map = z.record(z.string(), z.unknown());

export const errorEnvelope = z.object({
  errors: z
    .array(z.object({ code: z.string(), message: z.string(), long_message: z.string(), meta: map.optional() }))
    .min(1),
  meta: map.optional(),
  clerk_trace_id: z.string().optional(),
});

const otpVerification = z.object({
  object: z.literal('verification_otp').optional(),
  status: z.enum(['unverified', 'verified', 'failed', 'expired']),
  strategy: z.enum(['phone_code', 'email_code', 'reset_password_email_code']),
  attempts: nullableInt,
  expire_at: nullableInt,
});

const emailAddress = z.object({
  id: z.string().optional(),
  object: z.literal('email_address'),
  email_address: z.string(),
  reserved: z.boolean(),
  verification: otpVerification,
  linked_to: z.array(z.object({ type: z.string(), id: z.string() })),
  created_at: int,
  updated_at: int,
});

/** The user: Backend API `User` (the Frontend API's adds no required field it lacks). */
export const user = z.object({
  id: z.string(),
  object: z.literal('user'),
  external_id: nullableString,
  primary_email_address_id: nullableString,
  primary_phone_number_id: nullableString,
  primary_web3_wallet_id: nullableString,
  username: nullableString,
  first_name: nullableString,
  last_name: nullableString,
  profile_image_url: z.string().optional(),
  image_url: z.string().optional(),
  has_image: z.boolean(),
  public_metadata: map,
  private_metadata: map.nullable().optional(),
  unsafe_metadata: map.optional(),
  email_addresses: z.array(emailAddress),
  phone_numbers: z.array(z.unknown()),
  web3_wallets: z.array(z.unknown()),
  passkeys: z.array(z.unknown()),
  password_enabled: z.boolean(),
  two_factor_enabled: z.boolean(),
  totp_enabled: z.boolean(),
  backup_code_enabled: z.boolean(),
  mfa_enabled_at: nullableInt,
  mfa_disabled_at: nullableInt,
  password_last_updated_at: nullableInt.optional(),
  external_accounts: z.array(z.unknown()),
  saml_accounts: z.array(z.unknown()),
  enterprise_accounts: z.array(z.unknown()).optional(),
  organization_memberships: z.array(z.unknown()).optional(),
  last_sign_in_at: nullableInt,
  banned: z.boolean(),
  locked: z.boolean(),
  deprovisioned: z.boolean().optional(),
  lockout_expires_in_seconds: nullableInt,
  verification_attempts_remaining: nullableInt,
  updated_at: int,
  created_at: int,
  delete_self_enabled: z.boolean(),
  create_organization_enabled: z.boolean(),
  create_organizations_limit: nullableInt.optional(),
  last_active_at: nullableInt,
  legal_accepted_at: nullableInt,
});

const sessionStatus = z.enum(['active', 'revoked', 'ended', 'expired', 'removed', 'abandoned', 'replaced', 'pending']);

export const session = z.object({
  object: z.literal('session'),
  id: z.string(),
  user_id: z.string(),
  client_id: z.string(),
  actor: map.nullable().optional(),
  status: sessionStatus,
  last_active_organization_id: nullableString.optional(),
  last_active_at: int,
  expire_at: int,
  abandon_at: int,
  updated_at: int,
  created_at: int,
  tasks: z
    .array(z.object({ key: z.string() }))
    .nullable()
    .optional(),
});

/** `paginated=true`: what @clerk/backend reads (the spec documents only the bare array). */
export const paginatedSessions = z.object({ data: z.array(session), total_count: int });

export const token = z.object({ object: z.literal('token'), jwt: z.string() });
export const cookies = z.object({ object: z.literal('cookies'), cookies: z.array(z.string()) });
export const totalCount = z.object({ object: z.literal('total_count'), total_count: int });
export const deletedObject = z.object({
  object: z.string(),
  id: z.string().optional(),
  slug: z.string().optional(),
  deleted: z.boolean(),
  external_id: z.string().optional(),
});
/** `Organization`: its required fields; the optional ones typed when present. */
export const organization = z.object({
  object: z.literal('organization'),
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  image_url: z.string().optional(),
  has_image: z.boolean(),
  members_count: int.optional(),
  pending_invitations_count: int.optional(),
  max_allowed_memberships: int,
  admin_delete_enabled: z.boolean(),
  public_metadata: map,
  private_metadata: map.optional(),
  created_by: z.string().optional(),
  created_at: int,
  updated_at: int,
  last_active_at: int.optional(),
  role_set_key: nullableString.optional(),
});
export const organizations = z.strictObject({ data: z.array(organization), total_count: int });

/** `OrganizationMembershipPublicUserData`: closed (additionalProperties: false). */
const membershipPublicUserData = z.strictObject({
  user_id: z.string(),
  first_name: nullableString,
  last_name: nullableString,
  profile_image_url: nullableString,
  image_url: z.string(),
  has_image: z.boolean(),
  identifier: nullableString.optional(),
  username: nullableString.optional(),
  banned: z.boolean().optional(),
  deprovisioned: z.boolean().optional(),
});
export const organizationMembership = z.object({
  object: z.literal('organization_membership'),
  id: z.string(),
  role: z.string(),
  role_name: z.string().optional(),
  permissions: z.array(z.string()),
  public_metadata: map,
  private_metadata: map.optional(),
  organization,
  public_user_data: membershipPublicUserData.optional(),
  created_at: int,
  updated_at: int,
});
export const organizationMemberships = z.strictObject({ data: z.array(organizationMembership), total_count: int });

/** `JWTTemplate`: every field is required and no other is allowed (additionalProperties: false). */
export const jwtTemplate = z.strictObject({
  object: z.literal('jwt_template'),
  id: z.string(),
  name: z.string(),
  claims: map,
  lifetime: int,
  allowed_clock_skew: int,
  custom_signing_key: z.boolean(),
  signing_algorithm: z.string(),
  created_at: int,
  updated_at: int,
});
/** `paginated=true`: what @clerk/backend reads (the spec documents only the bare array). */
export const paginatedJwtTemplates = z.object({ data: z.array(jwtTemplate), total_count: int });

export const jwks = z.object({
  keys: z.array(
    z.object({ kid: z.string(), alg: z.string(), use: z.string(), kty: z.string(), n: z.string(), e: z.string() }),
  ),
});

// Frontend API

const bool = z.boolean();
const strings = z.array(z.string());
const onOff = z.enum(['on', 'off', 'required']);
const attribute = z.object({
  enabled: bool,
  required: bool,
  used_for_first_factor: bool,
  first_factors: strings,
  used_for_second_factor: bool,
  second_factors: strings,
  verifications: strings,
  verify_at_sign_up: bool,
  immutable: bool,
});
const enabled = z.object({ enabled: bool });

export const environment = z.object({
  auth_config: z.object({
    object: z.literal('auth_config'),
    id: z.string(),
    first_name: onOff,
    last_name: onOff,
    email_address: onOff,
    phone_number: onOff,
    username: onOff,
    password: onOff,
    identification_requirements: z.array(strings),
    identification_strategies: strings,
    first_factors: strings,
    second_factors: strings,
    email_address_verification_strategies: strings,
    single_session_mode: bool,
    enhanced_email_deliverability: bool,
    test_mode: bool,
    url_based_session_syncing: bool,
    claimed_at: nullableInt,
    reverification: bool,
    native_settings: z.object({
      object: z.literal('native_settings'),
      api_enabled: bool,
      trusted_device_sign_in_enabled: bool,
      trusted_device_enrollment_prompt_after_sign_in_enabled: bool,
      trusted_device_enrollment_prompt_after_sign_up_enabled: bool,
    }),
  }),
  display_config: z.object({
    object: z.literal('display_config'),
    id: z.string(),
    instance_environment_type: z.enum(['production', 'development', 'staging']),
    application_name: z.string(),
    theme: map,
    preferred_sign_in_strategy: z.enum(['password', 'otp']),
    logo_image_url: nullableString.optional(),
    favicon_image_url: nullableString.optional(),
    ...Object.fromEntries(
      [
        'home_url',
        'sign_in_url',
        'sign_up_url',
        'user_profile_url',
        'waitlist_url',
        'oauth_consent_url',
        'after_sign_in_url',
        'after_sign_up_url',
        'after_sign_out_one_url',
        'after_sign_out_all_url',
        'after_switch_session_url',
        'after_join_waitlist_url',
        'organization_profile_url',
        'create_organization_url',
        'after_leave_organization_url',
        'after_create_organization_url',
        'logo_link_url',
      ].map((key) => [key, z.string()]),
    ),
    ...Object.fromEntries(
      [
        'support_email',
        'clerk_js_version',
        'google_one_tap_client_id',
        'help_url',
        'privacy_policy_url',
        'terms_url',
        'logo_url',
        'favicon_url',
        'captcha_public_key',
        'captcha_public_key_invisible',
      ].map((key) => [key, nullableString]),
    ),
    branded: bool,
    experimental_force_oauth_first: bool,
    show_devmode_warning: bool,
    logo_image: map.nullable(),
    favicon_image: map.nullable(),
    captcha_widget_type: z.enum(['smart', 'invisible']).nullable(),
    captcha_provider: z.enum(['turnstile']).nullable(),
    captcha_oauth_bypass: strings,
    captcha_heartbeat: bool.nullable().optional(),
  }),
  user_settings: z.object({
    attributes: z.object(
      Object.fromEntries(
        [
          'email_address',
          'phone_number',
          'username',
          'web3_wallet',
          'first_name',
          'last_name',
          'password',
          'authenticator_app',
          'ticket',
          'backup_code',
          'passkey',
        ].map((key) => [key, attribute]),
      ),
    ),
    social: map,
    saml: z.object({ enabled: bool }),
    enterprise_sso: z.object({ enabled: bool }),
    sign_in: z.object({ second_factor: z.object({ required: bool }) }),
    sign_up: z.object({
      captcha_enabled: bool,
      captcha_widget_type: z.enum(['smart', 'invisible']),
      custom_action_required: bool,
      progressive: bool,
      mode: z.enum(['public', 'restricted', 'waitlist']),
      legal_consent_enabled: bool,
    }),
    restrictions: z.object({
      allowlist: enabled,
      blocklist: enabled,
      allowlist_blocklist_disabled_on_sign_in: enabled,
      block_email_subaddresses: enabled,
      block_disposable_email_domains: enabled,
    }),
    password_settings: z.object({
      disable_hibp: bool,
      disable_password_reverification: bool,
      min_length: int,
      max_length: int,
      require_special_char: bool,
      require_numbers: bool,
      require_uppercase: bool,
      require_lowercase: bool,
      show_zxcvbn: bool,
      min_zxcvbn_strength: int,
      enforce_hibp_on_sign_in: bool,
      allowed_special_characters: z.string(),
    }),
    username_settings: z.object({
      min_length: nullableInt,
      max_length: nullableInt,
      allow_extended_special_characters: bool,
      allow_numeric_usernames: bool,
    }),
    actions: z.object({ delete_self: bool, create_organization: bool, create_organizations_limit: bool.nullable() }),
    attack_protection: z.object({
      user_lockout: z.object({ enabled: bool, max_attempts: int, duration_in_minutes: int }),
      pii: enabled,
      email_link: z.object({ require_same_client: bool }),
      enumeration_protection: enabled,
    }),
    passkey_settings: z.object({ allow_autofill: bool, show_sign_in_button: bool, satisfies_second_factor: bool }),
  }),
  organization_settings: z.object({
    enabled: bool,
    max_allowed_memberships: int,
    actions: z.object({ admin_delete: bool }),
    domains: z.object({
      enabled: bool,
      enrollment_modes: z.array(z.enum(['manual_invitation', 'automatic_invitation', 'automatic_suggestion'])),
      default_role: z.string(),
    }),
    slug: z.object({ disabled: bool }).optional(),
    creator_role: z.string(),
  }),
  commerce_settings: z.object({
    billing: z.object({
      stripe_publishable_key: nullableString.optional(),
      user: z.object({ enabled: bool, has_paid_plans: bool }).optional(),
      organization: z.object({ enabled: bool, has_paid_plans: bool }).optional(),
    }),
  }),
  api_keys_settings: z.object({ enabled: bool, user_api_keys_enabled: bool, orgs_api_keys_enabled: bool }),
  client_debug_mode: bool.optional(),
  partitioned_cookies: bool.optional(),
  maintenance_mode: bool.optional(),
});

const publicUserData = z.object({
  first_name: nullableString,
  last_name: nullableString,
  image_url: nullableString.optional(),
  has_image: bool,
  identifier: z.string(),
  user_id: nullableString.optional(),
  username: nullableString.optional(),
});

export const frontendSession = z.object({
  id: z.string(),
  object: z.literal('session'),
  status: z.enum(['active', 'revoked', 'ended', 'expired', 'removed', 'abandoned', 'pending']),
  expire_at: int,
  abandon_at: int,
  last_active_at: int,
  last_active_token: token.nullable().optional(),
  actor: map.nullable().optional(),
  tasks: z
    .array(z.object({ key: z.string() }))
    .nullable()
    .optional(),
  last_active_organization_id: nullableString,
  user: user.omit({ private_metadata: true }).optional(),
  public_user_data: publicUserData,
  factor_verification_age: z.array(int),
  created_at: int,
  updated_at: int,
});

const factor = z.object({
  strategy: z.string(),
  safe_identifier: z.string().optional(),
  email_address_id: z.string().optional(),
  primary: z.boolean().nullable().optional(),
});
const attemptVerification = z
  .object({
    object: z.string().optional(),
    status: z.string(),
    strategy: z.string(),
    attempts: nullableInt.optional(),
    expire_at: nullableInt.optional(),
  })
  .nullable();

export const signIn = z.object({
  object: z.literal('sign_in_attempt'),
  id: z.string(),
  status: z.enum([
    'abandoned',
    'needs_identifier',
    'needs_first_factor',
    'needs_second_factor',
    'needs_client_trust',
    'needs_new_password',
    'needs_protect_check',
    'complete',
  ]),
  supported_identifiers: z.array(z.enum(['email_address', 'phone_number', 'username', 'web3_wallet', 'passkey'])),
  supported_first_factors: z.array(factor).nullable(),
  supported_second_factors: z.array(factor).nullable(),
  first_factor_verification: attemptVerification,
  second_factor_verification: attemptVerification,
  identifier: nullableString,
  user_data: z.object({ first_name: nullableString.optional(), last_name: nullableString.optional() }).nullable(),
  created_session_id: nullableString,
  abandon_at: int,
});

const signUpVerification = z
  .object({
    status: z.string(),
    strategy: z.string().nullable(),
    attempts: nullableInt,
    expire_at: nullableInt,
    next_action: z.string().optional(),
    supported_strategies: strings.optional(),
  })
  .nullable();

export const signUp = z.object({
  object: z.literal('sign_up_attempt'),
  id: z.string(),
  status: z.enum(['abandoned', 'missing_requirements', 'complete']),
  required_fields: strings,
  optional_fields: strings,
  missing_fields: strings,
  unverified_fields: strings,
  verifications: z.object({
    email_address: signUpVerification.optional(),
    external_account: z.unknown(),
  }),
  username: nullableString,
  email_address: nullableString,
  phone_number: nullableString,
  web3_wallet: nullableString,
  password_enabled: bool,
  first_name: nullableString,
  last_name: nullableString,
  unsafe_metadata: map.optional(),
  public_metadata: map.optional(),
  custom_action: bool,
  external_id: nullableString,
  created_session_id: nullableString,
  created_user_id: nullableString,
  abandon_at: int,
  legal_accepted_at: nullableInt,
});

export const client = z.object({
  object: z.literal('client'),
  id: z.string(),
  sessions: z.array(frontendSession),
  sign_in: signIn.nullable(),
  sign_up: signUp.nullable(),
  last_active_session_id: nullableString,
  last_authentication_strategy: nullableString,
  cookie_expires_at: nullableInt,
  captcha_bypass: bool,
  created_at: int,
  updated_at: int,
});

/** Every Frontend API answer about the client: `{ response, client }`. */
export function envelope<T extends z.ZodType>(response: T) {
  return z.object({ response, client: client.nullable() });
}

// Webhooks

export const userDeletedEvent = z.object({
  object: z.string(),
  type: z.literal('user.deleted'),
  event_attributes: z
    .object({ http_request: z.object({ client_ip: z.string(), user_agent: z.string() }).optional() })
    .optional(),
  timestamp: int,
  instance_id: z.string(),
  data: deletedObject,
});

const webhookEvent = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.object({
    object: z.string(),
    type: z.literal(type),
    event_attributes: z
      .object({ http_request: z.object({ client_ip: z.string(), user_agent: z.string() }).optional() })
      .optional(),
    timestamp: int,
    instance_id: z.string(),
    data,
  });

export const organizationDeletedEvent = webhookEvent('organization.deleted', deletedObject);
export const organizationMembershipDeletedEvent = webhookEvent(
  'organizationMembership.deleted',
  organizationMembership,
);
export const organizationMembershipCreatedEvent = webhookEvent(
  'organizationMembership.created',
  organizationMembership,
);
export const organizationMembershipUpdatedEvent = webhookEvent(
  'organizationMembership.updated',
  organizationMembership,
);
export const organizationUpdatedEvent = webhookEvent('organization.updated', organization);
