export {
  ServiceAttentionProvider,
  useServiceAttention,
} from './ServiceAttention';
export { ServiceStatusStrip } from './ServiceStatusStrip';
export type { SectionBadge, ServiceAttention } from './serviceAttention';
