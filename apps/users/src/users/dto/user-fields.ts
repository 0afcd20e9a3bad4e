/** Limits shared by the create and update DTOs. */
export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]{3,32}$/;
export const NAME_MAX = 100;
export const BIO_MAX = 500;
