export { SloBudgetCard } from './SloBudgetCard';
