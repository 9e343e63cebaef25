export { UpstreamHealthCard } from './UpstreamHealthCard';
export { useMissingEngineCapability } from './useMissingEngineCapability';
