// js-yaml's event parser, the only part of js-yaml the engine uses (eventDocuments.ts). Its own
// module so the extension can load it from a bundle of its own (dist/jsyaml.js,
// scripts/bundleOptions.mjs) when the first file is read, not at activation.
export { EVENT_ID, SCALAR_STYLE, COLLECTION_STYLE, getScalarValue, parseEvents } from 'js-yaml';
export type { Event, ScalarEvent } from 'js-yaml';
