# Sourced by the scripts of scripts/: the environment of a synth without AWS (dummy credentials, no
# metadata service, no telemetry) and quiet package clients.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 CDK_DISABLE_CLI_TELEMETRY=true \
  AWS_EC2_METADATA_DISABLED=true AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=dummy \
  AWS_REGION=eu-west-1 AWS_DEFAULT_REGION=eu-west-1
export PIP_DISABLE_PIP_VERSION_CHECK=1
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
