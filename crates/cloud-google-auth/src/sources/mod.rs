//! The logins behind the token cache: one [`TokenSource`](cloud_core::auth::TokenSource)
//! per kind of credential.

mod authorized_user;
mod metadata;
mod service_account;
mod static_token;

pub use authorized_user::AuthorizedUserSource;
pub use metadata::MetadataSource;
pub use service_account::ServiceAccountSource;
pub use static_token::StaticTokenSource;
