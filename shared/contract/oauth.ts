/** OAuth 2.0 (RFC 6749 + PKCE, RFC 7636); snake_case field names as the RFCs define them. */
import { Type, type Static } from '@sinclair/typebox';

export const OAuthClientId = 'vscode-plan-billing';

export const TokenRequest = Type.Union(
  [
    Type.Object({
      grant_type: Type.Literal('authorization_code'),
      code: Type.String({ maxLength: 512 }),
      redirect_uri: Type.String({ maxLength: 2048 }),
      client_id: Type.String({ maxLength: 128 }),
      code_verifier: Type.String({ minLength: 43, maxLength: 128 }),
    }),
    Type.Object({
      grant_type: Type.Literal('refresh_token'),
      refresh_token: Type.String({ maxLength: 512 }),
      client_id: Type.String({ maxLength: 128 }),
    }),
  ],
  { $id: 'TokenRequest' },
);
export type TokenRequest = Static<typeof TokenRequest>;

export const TokenResponse = Type.Object(
  {
    access_token: Type.String(),
    token_type: Type.Literal('Bearer'),
    /** Seconds. */
    expires_in: Type.Integer(),
    refresh_token: Type.String(),
    scope: Type.Optional(Type.String()),
  },
  { $id: 'TokenResponse' },
);
export type TokenResponse = Static<typeof TokenResponse>;

/** RFC 6749 section 5.2 error body of the token endpoint. */
export const OAuthError = Type.Object(
  {
    error: Type.String(),
    error_description: Type.Optional(Type.String()),
  },
  { $id: 'OAuthError' },
);
export type OAuthError = Static<typeof OAuthError>;

export const RevokeRequest = Type.Object(
  {
    token: Type.String({ maxLength: 512 }),
    token_type_hint: Type.Optional(Type.Union([Type.Literal('access_token'), Type.Literal('refresh_token')])),
    client_id: Type.Optional(Type.String({ maxLength: 128 })),
  },
  { $id: 'RevokeRequest' },
);
export type RevokeRequest = Static<typeof RevokeRequest>;
