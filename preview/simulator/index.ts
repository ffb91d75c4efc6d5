// Public surface of the Bitbucket simulator (used by integration tests, the
// benchmark and the local preview).
export { startSimulator, type Simulator, type SimulatorOptions, type RequestRecord } from './server';
export { demoSeed, seedRepository, commitAsPerson, DEMO_PIPELINE, DEMO_WORKSPACE_UUID, DEMO_REPOSITORY_UUID, type DemoScene } from './seed';
export { SimulatorState, bracedUuid, sameUuid, type Actor, type Permission, type SimRepository, type SimCommit, type SimPullRequest, type SimVariable, type SimEnvironment, type CommitRequest } from './state';
export { FaultInjector, type FaultAction, type FaultRule, type ActiveFault } from './faults';
export { parseBbql } from './bbql';
export { unifiedDiff } from './diff';
