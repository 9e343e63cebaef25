export { RedSummaryCard } from './RedSummaryCard';
