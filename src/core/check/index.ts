// The check run's pure half: reading its JUnit report and saying why it failed.
export { readCheckReport, type CheckReport, type ReportedCase, type StageOutcome } from './report';
export { classifyFailure, lastLines, SIGNATURES, type FailureDiagnosis, type FailureKind } from './classify';
