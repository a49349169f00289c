# Sourced by .ci/run and the scripts that compile the addon. node-gyp compiles against the headers of
# the Node.js that runs it; point it at the system's copy instead of downloading them (this machine
# reaches no server but the package registries).
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node_api.h ]; then
  export npm_config_nodedir=/usr
fi
