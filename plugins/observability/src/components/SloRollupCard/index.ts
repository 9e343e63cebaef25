export { GroupSloRollupCard, SystemSloRollupCard } from './SloRollupCard';
export {
  observabilityGroupSloRollupCard,
  observabilitySystemSloRollupCard,
} from './extensions';
