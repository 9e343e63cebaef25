export { GroupSloRollupCard, SystemSloRollupCard } from './SloRollupCard';
