// Public surface of the pure core: generation of Terraform and pipeline YAML,
// and the rules they obey. No I/O and no Forge imports below this folder.
export * from './types';
export * from './uuid';
export * from './facts';
export * from './names';
export * from './roles';
export * from './oidc';
export * from './validation';
export * from './trust';
export * from './hcl';
export * from './terraform';
export * from './pipeline';
export * from './workspace';
