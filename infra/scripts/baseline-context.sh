#!/usr/bin/env bash
# Context shared by the baseline refresh and the diff, so a diff shows code changes, not tag or account noise.
# shellcheck disable=SC2034 # sourced
baseline_args=(-c envAgnostic=true -c imageTag=baseline)
