#!/usr/bin/env bash
# Copyright 2026 The vapgen Authors.
# SPDX-License-Identifier: Apache-2.0
# A local control plane for e2e tests: etcd, kube-apiserver and kube-controller-manager on
# loopback ports, no kubelet or scheduler (pods stay Pending). Source it after init.sh.
#
# Work dir (E2E_WORKDIR, default ${TMPDIR:-/tmp}/vapgen-e2e.XXXXXX):
#   kubeconfig      contexts admin (current; system:masters), alice (group vapgen:testers),
#                   bob (group vapgen:label-admins); alice and bob are bound to cluster-admin,
#                   so that only admission policies decide what they may do
#   env             sourceable: exports KUBECONFIG
#   pki/            CA, serving cert, RSA service-account key; tokens.csv: the users' tokens
#   logs/, pids/    one file per process; etcd/: etcd's data
# Ports: E2E_ETCD_PORT, E2E_ETCD_PEER_PORT, E2E_APISERVER_PORT, E2E_KCM_PORT (default: free ports).
# E2E_ADMISSION_CONFIG: an AdmissionConfiguration file for kube-apiserver's
# --admission-control-config-file (default: none).

CLUSTER_DIR="" # the work dir of the cluster this script started (or stops)
E2E_SERVICE_CIDR=10.96.0.0/16 # kind's default
E2E_USERS=("admin system:masters" "alice vapgen:testers" "bob vapgen:label-admins") # "user group"

# Gives the groups of E2E_USERS cluster-admin, so that only admission policies restrict them.
vapgen::cluster::bind_users() {
  local user group groups=()
  for user in "${E2E_USERS[@]}"; do
    group="${user#* }"
    [[ "${group}" == system:masters ]] || groups+=("--group=${group}")
  done
  kubectl create clusterrolebinding vapgen-e2e-users --clusterrole=cluster-admin "${groups[@]}" >/dev/null
}

# Sets the unset port variables to distinct ports that nothing listens on.
vapgen::cluster::pick_ports() {
  local var port used=" "
  for var in E2E_ETCD_PORT E2E_ETCD_PEER_PORT E2E_APISERVER_PORT E2E_KCM_PORT; do
    if [[ -z "${!var:-}" ]]; then
      while :; do
        port=$((20000 + RANDOM % 12000)) # below the ephemeral range
        [[ "${used}" == *" ${port} "* ]] && continue
        (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null || break
      done
      printf -v "${var}" '%s' "${port}"
    fi
    used+="${!var} "
  done
}

# Sets CLUSTER_DIR, the work dir this script owns: E2E_WORKDIR (which must be empty) or a new one.
vapgen::cluster::make_workdir() {
  local dir="${E2E_WORKDIR:-}"
  if [[ -n "${dir}" ]]; then
    mkdir -p "${dir}"
    if [[ -n "$(ls -A "${dir}")" ]]; then
      vapgen::log::error "E2E_WORKDIR=${dir} is not empty"
      return 1
    fi
  else
    dir="$(mktemp -d "${TMPDIR:-/tmp}/vapgen-e2e.XXXXXX")"
  fi
  CLUSTER_DIR="$(cd "${dir}" && pwd -P)"
  mkdir -p "${CLUSTER_DIR}"/{pki,logs,pids,etcd}
}

vapgen::cluster::make_credentials() {
  local pki="${CLUSTER_DIR}/pki" user name group token
  (
    cd "${pki}" || exit
    openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj /CN=vapgen-e2e-ca \
      -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
      -keyout ca.key -out ca.crt
    openssl req -newkey rsa:2048 -nodes -subj /CN=kube-apiserver -keyout apiserver.key -out apiserver.csr
    printf '%s\n' 'basicConstraints=CA:FALSE' 'keyUsage=critical,digitalSignature,keyEncipherment' \
      'extendedKeyUsage=serverAuth' \
      'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc' \
      >apiserver.ext
    openssl x509 -req -days 7 -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
      -extfile apiserver.ext -out apiserver.crt
    openssl genrsa -out sa.key 2048
  ) >"${CLUSTER_DIR}/logs/openssl.log" 2>&1

  export KUBECONFIG="${CLUSTER_DIR}/kubeconfig"
  kubectl config set-cluster vapgen-e2e --server="https://127.0.0.1:${E2E_APISERVER_PORT}" \
    --certificate-authority="${pki}/ca.crt" --embed-certs >/dev/null
  for user in "${E2E_USERS[@]}"; do
    read -r name group <<<"${user}"
    token="$(openssl rand -hex 16)"
    echo "${token},${name},${name},${group}" >>"${pki}/tokens.csv" # token,user,uid,groups
    kubectl config set-credentials "${name}" --token="${token}" >/dev/null
    kubectl config set-context "${name}" --cluster=vapgen-e2e --user="${name}" >/dev/null
  done
  kubectl config use-context admin >/dev/null
  printf 'export KUBECONFIG=%q\n' "${KUBECONFIG}" >"${CLUSTER_DIR}/env"
}

# vapgen::cluster::start NAME BINARY ARG...: starts a server in the background, logging to logs/NAME.log.
vapgen::cluster::start() {
  local name="$1"
  shift
  "$@" >"${CLUSTER_DIR}/logs/${name}.log" 2>&1 &
  echo "$!" >"${CLUSTER_DIR}/pids/${name}.pid"
  vapgen::log::info "started ${name} (pid $!)"
}

# Fails, printing the end of its log, if a server started by vapgen::cluster::start has exited.
vapgen::cluster::check_alive() {
  local pidfile name
  [[ -n "${CLUSTER_DIR}" ]] || return 0
  for pidfile in "${CLUSTER_DIR}"/pids/*.pid; do
    [[ -f "${pidfile}" ]] || continue
    name="$(basename "${pidfile}" .pid)"
    if ! vapgen::proc::alive "$(<"${pidfile}")"; then
      vapgen::log::error "${name} exited; end of ${CLUSTER_DIR}/logs/${name}.log:"
      tail -n 20 "${CLUSTER_DIR}/logs/${name}.log" >&2
      return 1
    fi
  done
}

# vapgen::cluster::wait_for WHAT COMMAND...: polls COMMAND until it succeeds, at most
# ${E2E_START_TIMEOUT:-120} seconds; fails early if a server exits.
vapgen::cluster::wait_for() {
  local what="$1" deadline
  shift
  deadline=$(($(vapgen::util::now) + ${E2E_START_TIMEOUT:-120}))
  until "$@" >/dev/null 2>&1; do
    vapgen::cluster::check_alive || return 1
    if (($(vapgen::util::now) >= deadline)); then
      vapgen::log::error "timed out waiting for ${what}"
      return 1
    fi
    sleep 0.5
  done
}

vapgen::cluster::etcd_listening() {
  (exec 3<>"/dev/tcp/127.0.0.1/${E2E_ETCD_PORT}")
}

# Starts the control plane and waits until it is usable. On failure the caller must run
# vapgen::cluster::down (run.sh and cluster-up.sh do it from their EXIT trap).
vapgen::cluster::up() {
  local start etcd apiserver kcm pki admission=()
  start="$(vapgen::util::now)"
  vapgen::cluster::make_workdir
  vapgen::util::install etcd etcd
  vapgen::util::install apiserver kube-apiserver
  vapgen::util::install kcm kube-controller-manager
  vapgen::cluster::pick_ports
  vapgen::log::info "work dir ${CLUSTER_DIR}; ports: etcd ${E2E_ETCD_PORT}, kube-apiserver ${E2E_APISERVER_PORT}"
  vapgen::cluster::make_credentials
  pki="${CLUSTER_DIR}/pki"

  vapgen::cluster::start etcd "${etcd}" --name=default --data-dir="${CLUSTER_DIR}/etcd" \
    --listen-client-urls="http://127.0.0.1:${E2E_ETCD_PORT}" \
    --advertise-client-urls="http://127.0.0.1:${E2E_ETCD_PORT}" \
    --listen-peer-urls="http://127.0.0.1:${E2E_ETCD_PEER_PORT}" \
    --initial-advertise-peer-urls="http://127.0.0.1:${E2E_ETCD_PEER_PORT}" \
    --initial-cluster="default=http://127.0.0.1:${E2E_ETCD_PEER_PORT}"
  vapgen::cluster::wait_for "etcd on port ${E2E_ETCD_PORT}" vapgen::cluster::etcd_listening

  if [[ -n "${E2E_ADMISSION_CONFIG:-}" ]]; then
    admission+=(--admission-control-config-file="${E2E_ADMISSION_CONFIG}")
  fi
  # Admission plugins: the 1.35 defaults (incl. PodSecurity and ValidatingAdmissionPolicy)
  # plus NodeRestriction, like kubeadm and kind. No endpoint reconciler: the "kubernetes"
  # Service cannot have a loopback endpoint.
  vapgen::cluster::start kube-apiserver "${apiserver}" \
    --etcd-servers="http://127.0.0.1:${E2E_ETCD_PORT}" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="${E2E_APISERVER_PORT}" \
    --endpoint-reconciler-type=none \
    --tls-cert-file="${pki}/apiserver.crt" --tls-private-key-file="${pki}/apiserver.key" \
    --token-auth-file="${pki}/tokens.csv" \
    --authorization-mode=Node,RBAC \
    --enable-admission-plugins=NodeRestriction "${admission[@]}" \
    --allow-privileged=true \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="${pki}/sa.key" \
    --service-account-signing-key-file="${pki}/sa.key" \
    --service-cluster-ip-range="${E2E_SERVICE_CIDR}"
  vapgen::cluster::wait_for "kube-apiserver /readyz" kubectl get --raw=/readyz

  vapgen::cluster::start kube-controller-manager "${kcm}" \
    --kubeconfig="${KUBECONFIG}" \
    --bind-address=127.0.0.1 --secure-port="${E2E_KCM_PORT}" --cert-dir="${pki}/kcm" \
    --leader-elect=false \
    --use-service-account-credentials=true \
    --service-account-private-key-file="${pki}/sa.key" \
    --root-ca-file="${pki}/ca.crt" \
    --service-cluster-ip-range="${E2E_SERVICE_CIDR}"

  vapgen::cluster::bind_users
  vapgen::cluster::wait_for "the default ServiceAccount" kubectl get serviceaccount default --namespace=default
  vapgen::log::info "cluster up in $(($(vapgen::util::now) - start))s: export KUBECONFIG=${KUBECONFIG}"
}

# vapgen::cluster::down [RC]: stops the servers by PID (TERM, then KILL); removes the
# work dir if RC is 0 and E2E_KEEP is not 1, else says where the logs are.
vapgen::cluster::down() {
  local rc="${1:-0}" name pid
  [[ -n "${CLUSTER_DIR}" && -d "${CLUSTER_DIR}/pids" ]] || return 0
  for name in kube-controller-manager kube-apiserver etcd; do
    [[ -f "${CLUSTER_DIR}/pids/${name}.pid" ]] || continue
    pid="$(<"${CLUSTER_DIR}/pids/${name}.pid")"
    # Guard against a reused PID when called long after cluster-up.sh.
    if [[ "$(ps -o args= -p "${pid}" 2>/dev/null)" == *"${name}"* ]]; then
      vapgen::proc::stop "${name}" "${pid}"
    fi
    rm -f "${CLUSTER_DIR}/pids/${name}.pid"
  done
  if [[ "${rc}" -eq 0 && "${E2E_KEEP:-0}" != 1 ]]; then
    rm -rf "${CLUSTER_DIR}"
  else
    vapgen::log::info "kept ${CLUSTER_DIR} (logs in ${CLUSTER_DIR}/logs)"
  fi
}
