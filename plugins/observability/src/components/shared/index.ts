export * from './format';
export * from './panelStates';
export * from './notConfigured';
export * from './timeRange';
export * from './TimeRangePicker';
export * from './usePanelData';
export * from './SloStatusChip';
export * from './timeFormat';
