export { SlosSection } from './SlosSection';
export { BudgetPolicyChip } from './SloChips';
export { SloReportButtons } from './SloReportButtons';
