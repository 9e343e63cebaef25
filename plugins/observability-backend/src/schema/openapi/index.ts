// Generated from plugins/observability-backend/src/schema/openapi.yaml by
// scripts/generate-openapi.mjs; do not edit. Run `yarn openapi:generate`.

export * from './generated';
