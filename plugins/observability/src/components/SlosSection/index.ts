export { SlosSection } from './SlosSection';
export { SloReportButtons } from './SloReportButtons';
