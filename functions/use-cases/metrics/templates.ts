/**
 * The metric template registry (`GET /metric-templates`): the goal types sales tools ship with,
 * ready to instantiate with `POST /metrics {"template": "revenue", "currency": "USD"}`.
 */
export const metricTemplateIds = [
  'revenue',
  'deal-count',
  'pipeline-value',
  'leads-generated',
  'leads-qualified',
  'tasks-completed',
  'calls-made',
  'meetings-held',
  'deals-started',
  'deals-progressed',
  'confirmed-sales',
] as const;
export type MetricTemplateId = (typeof metricTemplateIds)[number];

type Where = { field: string; op: 'eq'; value: string };
const where = (field: string, value: string): { where: Where } => ({ where: { field, op: 'eq', value } });

export interface MetricTemplate {
  id: MetricTemplateId;
  name: string;
  description: string;
  kind: 'count' | 'amount';
  dataType: 'money' | 'integer';
  recordType: string;
  dateField: string | null;
  valueField: string | null;
  actual: { where?: Where; dateField?: string } | null;
  inProgress: { where?: Where; dateField?: string } | null;
  custom: null;
}

const template = (t: Omit<MetricTemplate, 'custom' | 'inProgress'> & { inProgress?: MetricTemplate['inProgress'] }): MetricTemplate => ({
  inProgress: null,
  custom: null,
  ...t,
});

export const metricTemplates: readonly MetricTemplate[] = [
  template({
    id: 'revenue', name: 'Revenue', description: 'Amount of won deals by close date; open deals by expected close date are in progress',
    kind: 'amount', dataType: 'money', recordType: 'deal', dateField: 'closedAt', valueField: 'amount',
    actual: where('status', 'won'), inProgress: { ...where('status', 'open'), dateField: 'expectedCloseAt' },
  }),
  template({
    id: 'deal-count', name: 'Deals won', description: 'Number of won deals by close date',
    kind: 'count', dataType: 'integer', recordType: 'deal', dateField: 'closedAt', valueField: null,
    actual: where('status', 'won'), inProgress: { ...where('status', 'open'), dateField: 'expectedCloseAt' },
  }),
  template({
    id: 'pipeline-value', name: 'Pipeline value', description: 'Amount of the deals open now, whatever their dates (a snapshot)',
    kind: 'amount', dataType: 'money', recordType: 'deal', dateField: null, valueField: 'amount', actual: where('status', 'open'),
  }),
  template({
    id: 'leads-generated', name: 'Leads generated', description: 'Number of leads by creation date',
    kind: 'count', dataType: 'integer', recordType: 'lead', dateField: 'createdAt', valueField: null, actual: {},
  }),
  template({
    id: 'leads-qualified', name: 'Leads qualified', description: 'Number of leads qualified, by qualification date',
    kind: 'count', dataType: 'integer', recordType: 'lead', dateField: 'qualifiedAt', valueField: null, actual: where('status', 'qualified'),
  }),
  template({
    id: 'tasks-completed', name: 'Tasks completed', description: 'Number of completed task activities',
    kind: 'count', dataType: 'integer', recordType: 'activity', dateField: 'completedAt', valueField: null, actual: where('type', 'task'),
  }),
  template({
    id: 'calls-made', name: 'Calls made', description: 'Number of call activities',
    kind: 'count', dataType: 'integer', recordType: 'activity', dateField: 'completedAt', valueField: null, actual: where('type', 'call'),
  }),
  template({
    id: 'meetings-held', name: 'Meetings held', description: 'Number of meeting activities',
    kind: 'count', dataType: 'integer', recordType: 'activity', dateField: 'completedAt', valueField: null, actual: where('type', 'meeting'),
  }),
  template({
    id: 'deals-started', name: 'Deals started', description: 'Number of deals created',
    kind: 'count', dataType: 'integer', recordType: 'deal', dateField: 'createdAt', valueField: null, actual: {},
  }),
  template({
    id: 'deals-progressed', name: 'Deals progressed', description: 'Number of deals that moved to a new stage, by the date of the move',
    kind: 'count', dataType: 'integer', recordType: 'deal', dateField: 'stageChangedAt', valueField: null, actual: where('status', 'open'),
  }),
  template({
    id: 'confirmed-sales', name: 'Confirmed sales', description: 'Amount of confirmed sales; proposed sales are in progress',
    kind: 'amount', dataType: 'money', recordType: 'sale', dateField: 'soldAt', valueField: 'amount',
    actual: where('status', 'confirmed'), inProgress: where('status', 'proposed'),
  }),
];
