// The pipeline half of the core: reading, planning and checking bitbucket-pipelines.yml.
export { planPipeline } from './plan';
export { inspectPipeline, trustReport, type InspectResult } from './trust-report';
export { listSteps, stepIdFromPath, suggestedSelection, type ListStepsResult } from './steps';
export { checkPipelineStructure, type StructureProblem } from './structure';
export { judgeStep, describeTrigger, type StepJudgement, type Verdict } from './judge';
export { globMatches } from './glob';
export { PIPELINE_LIMITS, checkFileSize, type LimitBreach } from './limits';
export {
  checkStepScript,
  loginLines,
  chainctlInstallLines,
  identityVariableCheckLine,
  imageReference,
  shellQuote,
  DEFAULT_CHAINCTL_VERSION,
  chainctlVersionProblem,
  CHECK_REPORT_DIR,
  CHECK_STAGES,
  CHECKSUM_MISMATCH_MESSAGE,
  CHECKSUM_MISSING_MESSAGE,
  IDENTITY_NOT_SET_MESSAGE,
  type CheckStage,
  LOGIN_LINE,
  CONFIGURE_DOCKER_LINE,
  IDENTITY_VARIABLE_NAME,
} from './script';
export { CUSTOM_PIPELINE_NAME, CHECK_STEP_NAME, CHECK_STEP_IMAGE, newPipelineFile } from './generate';
