// The app's root layout (its metadata and ClerkProvider included): the floor's markup is the page's.
export { default, metadata, viewport } from '../../../../src/app/layout';
