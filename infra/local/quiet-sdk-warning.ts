// Imported first by every local entry point. The AWS SDK warns at each process start that its
// releases after January 2027 need Node 22; Lambda runs Node 22, and Node 20 is supported for local
// use (README), so the warning only buries what a person needs to read. Set before any client exists.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
