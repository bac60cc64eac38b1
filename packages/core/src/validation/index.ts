export {
  EXTRA_HOST_NAME_PATTERN,
  type ExtraHost,
  ExtraHostSchema,
  HOST_GATEWAY,
  parseExtraHost,
} from './extra-hosts.js';
export {
  MAX_ARG_STRING_BYTES,
  MAX_ARGV_BYTES,
  MAX_ARGV_ITEMS,
  MAX_ENUM_LIST_ITEMS,
  MAX_ENV_BYTES,
  MAX_ENV_VARS,
  MAX_EXEC_STDIN_BYTES,
  MAX_FILE_CONTENT_BYTES,
  MAX_FILE_ENTRIES,
  MAX_FILE_MODE,
  MAX_FILES_TOTAL_BYTES,
  MAX_IDENTIFIER_LENGTH,
  MAX_ISSUE_TEXT_LENGTH,
  MAX_LABEL_KEY_LENGTH,
  MAX_LABEL_VALUE_BYTES,
  MAX_LABELS,
  MAX_LABELS_BYTES,
  MAX_PATH_BYTES,
  MAX_PATH_COMPONENT_BYTES,
  MAX_SPEC_LIST_ITEMS,
  MAX_VALIDATION_ISSUES,
} from './limits.js';
export {
  LINUX_CAPABILITIES,
  normalizeCapability,
} from './linux-capabilities.js';
export {
  ContainerFilterSchema,
  DRIVER_EVENT_TYPES,
  ENGINE_OBJECT_TYPES,
  EngineEventFilterSchema,
  EventFilterSchema,
  FileEntriesSchema,
  LogOptionsSchema,
  StatsStreamOptionsSchema,
  StopOptionsSchema,
} from './option-schemas.js';
export {
  ENV_NAME_PATTERN,
  IMAGE_REFERENCE_PATTERN,
  LABEL_KEY_PATTERN,
  RESOURCE_NAME_PATTERN,
} from './patterns.js';
export {
  allowReservedLabels,
  isReservedLabelKey,
  UserLabelsSchema,
  validateUserLabels,
} from './reserved-labels.js';
export {
  ContainerSpecSchema,
  EnvSchema,
  ExecSpecSchema,
  HealthcheckSchema,
  ImageReferenceSchema,
  LabelsSchema,
  NetworkSpecSchema,
  PortMappingSchema,
  ResourceLimitsSchema,
  SecurityOptionsSchema,
  VolumeMountSchema,
  VolumeSpecSchema,
} from './schemas.js';
export {
  CONTAINER_SPEC_ALIASES,
  canonicalContainerSpec,
  canonicalResourceLimits,
  SECURITY_OPT_PATTERN,
} from './spec-aliases.js';
export {
  toValidationIssues,
  validateContainerFilter,
  validateContainerSpec,
  validateEngineEventFilter,
  validateEventFilter,
  validateExecSpec,
  validateFileEntries,
  validateLogOptions,
  validateNetworkSpec,
  validateStatsStreamOptions,
  validateStopOptions,
  validateVolumeSpec,
} from './validate.js';
