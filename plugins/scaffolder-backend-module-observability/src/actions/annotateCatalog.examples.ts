import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Give a service an availability and a latency SLO',
    example: yaml.stringify({
      steps: [
        {
          id: 'annotate',
          action: 'observability:catalog:annotate',
          name: 'Add SLO annotations',
          input: {
            annotations: {
              'sightline.dev/slo-availability': '99.9',
              'sightline.dev/slo-latency': '99% < 300ms',
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'Point a custom-instrumented service at its metrics, in a multi-entity file',
    example: yaml.stringify({
      steps: [
        {
          id: 'annotate',
          action: 'observability:catalog:annotate',
          name: 'Describe kbot metrics',
          input: {
            filePath: 'catalog/kbot.yaml',
            entityName: 'kbot',
            annotations: {
              'sightline.dev/metrics-dialect': 'custom',
              'sightline.dev/request-metric': 'kbot_messages_total',
              'sightline.dev/error-matcher': 'status="error"',
              'sightline.dev/duration-metric':
                'kbot_message_processing_duration_seconds',
            },
          },
        },
      ],
    }),
  },
];
