export { UpstreamHealthCard } from './UpstreamHealthCard';
