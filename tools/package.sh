#!/usr/bin/env bash
# Builds impt, its command-group plugins and impcentral-sim for release and packages them for
# machines without Swift:
#
#   impt_VERSION_ARCH.deb            the host, with the Swift runtime it and the core plugins need
#                                    (privately, in /usr/lib/impt), and bash completion
#   impt-GROUP_VERSION_ARCH.deb      one command-group plugin each (/usr/lib/impt/plugins)
#   impt-full_VERSION_ARCH.deb       pulls in every group
#   impt-dev_VERSION_all.deb         the ABI header and pkg-config file for plugin authors
#   impcentral-sim_VERSION_ARCH.deb  the simulator with its own private runtime (/usr/lib/impcentral-sim)
#   impt-VERSION-linux-MACHINE.tar.gz  the same files with install.sh, for machines without dpkg
#
#   tools/package.sh [OUTDIR]        (default: dist/ in the repository)
#
# The version is IMPT_VERSION in Sources/CImptVersion/include/impt_version.h, the only place it is
# set. Every binary is linked to find the Swift runtime relative to itself ($ORIGIN); the script
# fails if any of them would still look into a toolchain.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/dist}
started=$(date +%s)

fail() { echo "package.sh: $*" >&2; exit 1; }
for tool in dpkg-deb dpkg-shlibdeps readelf strip tar gzip; do
    command -v "$tool" >/dev/null || fail "$tool is needed (Debian packages dpkg-dev and binutils)"
done

cd "$root"
tools/setup.sh
version=$(sed -n 's/^#define IMPT_VERSION "\(.*\)"$/\1/p' Sources/CImptVersion/include/impt_version.h)
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+([~+.][A-Za-z0-9.+~]+)?$ ]] || fail "cannot read IMPT_VERSION (found '$version')"
arch=$(dpkg --print-architecture)
machine=$(uname -m)
target_info=$(swift -print-target-info)
runtime=$(printf '%s\n' "$target_info" | sed -n '/"runtimeLibraryPaths"/,/]/p' | sed -n 's/^ *"\(\/[^"]*\)".*/\1/p' | head -n 1)
[ -e "$runtime/libswiftCore.so" ] || fail "cannot find the Swift runtime libraries (swift -print-target-info)"
# The Swift toolchain the binaries were built with: Swift plugins must match it.
swift_tag=$(printf '%s\n' "$target_info" | sed -n 's/.*"swiftCompilerTag": "swift-\([^"]*\)-RELEASE".*/\1/p')
[ -n "$swift_tag" ] || swift_tag=$(printf '%s\n' "$target_info" | sed -n 's/.*"compilerVersion": "Swift version \([0-9.]*\).*/\1/p')
swift_tag=$(printf '%s' "$swift_tag" | tr -c 'a-z0-9.+-' '.')

echo "Building impt $version for release ..." >&2
# A build folder of its own: these binaries run only from an installed layout, so they must not
# replace the ones of `swift build -c release` that developers and the benchmarks run in place.
export IMPT_RELOCATABLE=1
build=(swift build -c release --disable-local-rpath --scratch-path "$root/.build-package")
"${build[@]}"
bin=$("${build[@]}" --show-bin-path)

work=$(mktemp -d "${TMPDIR:-/tmp}/impt-package.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
out=$(cd "$out" && pwd)

# MARK: helpers

needed() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'; }

# The Swift runtime libraries the given files need, directly or through each other.
runtime_closure() {
    local queue=("$@") seen=" " file lib
    while [ "${#queue[@]}" -gt 0 ]; do
        file=${queue[0]}
        queue=("${queue[@]:1}")
        for lib in $(needed "$file"); do
            [ -e "$runtime/$lib" ] || continue
            case "$seen" in *" $lib "*) continue ;; esac
            seen="$seen$lib "
            queue+=("$runtime/$lib")
            echo "$lib"
        done
    done
}

# Refuses a binary whose library search path is not relative to itself.
check_runpath() {
    local path
    path=$(readelf -d "$1" | sed -n 's/.*(RUNPATH).*\[\(.*\)\]$/\1/p; s/.*(RPATH).*\[\(.*\)\]$/\1/p')
    local IFS=:
    for entry in $path; do
        case "$entry" in '$ORIGIN'*) ;; *) fail "$1 searches $entry for libraries (build with IMPT_RELOCATABLE=1)" ;; esac
    done
}

# install_stripped SOURCE DEST: executables lose every symbol, libraries all but the dynamic ones.
install_stripped() {
    mkdir -p "$(dirname "$2")"
    case "$1" in
        *.so | *.so.*) strip --strip-unneeded -o "$2" "$1" ;;
        *) strip -o "$2" "$1" ;;
    esac
    chmod 0755 "$2"
}

plugin_group() { basename "$1" .so | sed 's/^libimpt-//'; }

# Runs the staged impt with every staged plugin (the build folder's binaries find no runtime).
probe() {
    env -i HOME="$work/home" IMPT_PLUGIN_CACHE= PATH=/usr/bin:/bin "$work/probe/bin/impt" "$@"
}

field() { # field JSON-ROW NAME
    printf '%s\n' "$1" | sed -n "s/.*\"$2\": *\"\([^\"]*\)\".*/\1/p"
}

# The dependencies dpkg-shlibdeps finds for FILES..., minus the libraries the package carries.
shlib_depends() {
    local package=$1 private=$2
    shift 2
    mkdir -p "$work/shlibs/debian"
    printf 'Source: impt\n\nPackage: %s\nArchitecture: any\n' "$package" >"$work/shlibs/debian/control"
    local found
    found=$(cd "$work/shlibs" && dpkg-shlibdeps -O -l"$private" --ignore-missing-info "$@" 2>"$work/shlibs/errors" |
        sed -n 's/^shlibs:Depends=//p')
    case "$found" in *libc6*) printf '%s\n' "$found" ;; *) cat "$work/shlibs/errors" >&2; fail "dpkg-shlibdeps found no dependencies for $package" ;; esac
}

# write_control DIR PACKAGE DEPENDS DESCRIPTION [EXTRA-FIELDS]
write_control() {
    local dir=$1 package=$2 depends=$3 description=$4 extra=${5:-}
    local size
    size=$(du -sk --apparent-size --exclude=DEBIAN "$dir" | cut -f1)
    mkdir -p "$dir/DEBIAN"
    {
        echo "Package: $package"
        echo "Version: $version"
        echo "Architecture: $arch"
        echo "Maintainer: impt developers <impt@localhost>"
        echo "Installed-Size: $size"
        [ -z "$depends" ] || echo "Depends: $depends"
        [ -z "$extra" ] || printf '%s\n' "$extra"
        echo "Section: devel"
        echo "Priority: optional"
        printf '%s\n' "$description"
    } >"$dir/DEBIAN/control"
}

build_deb() {
    local dir=$1 package=$2
    find "$dir" -type d -exec chmod 0755 {} +
    dpkg-deb --root-owner-group -Zxz --build "$dir" "$out/${package}_${version}_${arch}.deb" >/dev/null
}

# MARK: the host

host=$work/debian/impt
install_stripped "$bin/impt" "$host/usr/bin/impt"
check_runpath "$bin/impt"
plugins=("$bin"/libimpt-*.so)
[ -e "${plugins[0]}" ] || fail "the build made no plugins"
for plugin in "${plugins[@]}"; do check_runpath "$plugin"; done
runtime_libraries=$(runtime_closure "$bin/impt" "${plugins[@]}")
for lib in $runtime_libraries; do install_stripped "$runtime/$lib" "$host/usr/lib/impt/$lib"; done
mkdir -p "$work/probe/bin" "$work/probe/lib/impt/plugins" "$work/home"
cp "$host/usr/bin/impt" "$work/probe/bin/"
cp "$host"/usr/lib/impt/*.so "$work/probe/lib/impt/"
for plugin in "${plugins[@]}"; do install_stripped "$plugin" "$work/probe/lib/impt/plugins/$(basename "$plugin")"; done
mkdir -p "$host/usr/share/bash-completion/completions"
probe completion bash >"$host/usr/share/bash-completion/completions/impt"

abi_minor=$(sed -n 's/^#define IMPT_ABI_MINOR \([0-9]*\).*/\1/p' Sources/ImptPluginAPI/include/impt_plugin.h)
abi_major=$(sed -n 's/^#define IMPT_ABI_MAJOR \([0-9]*\).*/\1/p' Sources/ImptPluginAPI/include/impt_plugin.h)
[ -n "$abi_major" ] && [ -n "$abi_minor" ] || fail "cannot read the ABI version from impt_plugin.h"
provides="impt-swift-runtime-$swift_tag"
for ((minor = 0; minor <= abi_minor; minor++)); do provides="$provides, impt-abi-$abi_major.$minor"; done
# libcurl is opened at run time (only by commands that call impCentral), so no tool sees it.
host_depends=$(shlib_depends impt "$host/usr/lib/impt" "$host/usr/bin/impt" "$host"/usr/lib/impt/*.so)
host_depends="${host_depends:+$host_depends, }libcurl4 | libcurl3-gnutls"
write_control "$host" impt "$host_depends" "Description: command-line tool for the Electric Imp impCentral API v5
 impt develops application and factory firmware, deploys builds to fleets,
 shows device logs and runs factory stations. This package holds the impt
 host and the Swift runtime it needs; every command group is a package of
 its own (impt-auth, impt-device, ...), and impt-full brings them all." "Provides: $provides"
build_deb "$host" impt

# MARK: one package per group

descriptions=$(probe plugins list -z json)
groups=()
for plugin in "${plugins[@]}"; do
    group=$(plugin_group "$plugin")
    row=$(printf '%s\n' "$descriptions" | tr -d '\n' | sed 's/},/}\n/g' | grep "\"group\": *\"$group\"" | head -n 1 || true)
    [ -n "$row" ] || fail "impt plugins list does not report $plugin as ready"
    abi=$(field "$row" abi)
    summary=$(field "$row" summary)
    language=$(field "$row" language)
    dir=$work/debian/impt-$group
    install_stripped "$plugin" "$dir/usr/lib/impt/plugins/$(basename "$plugin")"
    depends="impt, impt-abi-$abi"
    case "$language" in Swift*) depends="$depends, impt-swift-runtime-$swift_tag" ;; esac
    write_control "$dir" "impt-$group" "$depends" "Description: impt $group commands
 The \"impt $group\" command group of impt, the impCentral API v5 tool:
 ${summary:-commands of the $group group}"
    build_deb "$dir" "impt-$group"
    groups+=("$group")
done

full=$work/debian/impt-full
mkdir -p "$full"
full_depends=$(printf "impt-%s (>= $version), " "${groups[@]}")
write_control "$full" impt-full "impt (>= $version), ${full_depends%, }" "Description: impt with every command group
 Installs impt, the impCentral API v5 tool, with all of its command groups
 ($(printf '%s ' "${groups[@]}" | sed 's/ $//'))."
build_deb "$full" impt-full

# MARK: plugin authors

# impt-dev: the ABI header, a pkg-config file (found relative to itself, so the tarball's copy
# works under any prefix) and the C example.
dev=$work/debian/impt-dev
mkdir -p "$dev/usr/include/impt" "$dev/usr/share/pkgconfig" "$dev/usr/share/doc/impt-dev/examples"
install -m 0644 Sources/ImptPluginAPI/include/impt_plugin.h Sources/ImptPluginAPI/include/impt_plugin_layout.h \
    "$dev/usr/include/impt/"
cat >"$dev/usr/share/pkgconfig/impt-plugin.pc" <<PC
prefix=\${pcfiledir}/../..
includedir=\${prefix}/include/impt
plugindir=\${prefix}/lib/impt/plugins
abi=$abi_major.$abi_minor

Name: impt-plugin
Description: The impt command-group plugin ABI (C header)
Version: $version
Cflags: -I\${includedir}
PC
install -m 0644 tools/examples/c-plugin/example_plugin.c "$dev/usr/share/doc/impt-dev/examples/"
write_control "$dev" impt-dev "" "Description: header and pkg-config file for writing impt plugins
 impt-dev holds impt_plugin.h, the stable C ABI every impt command-group
 plugin compiles against (in C, C++, Rust, Zig or Swift), a pkg-config file
 (pkg-config --cflags impt-plugin; --variable=plugindir for where plugins
 go) and an example plugin in C." "Provides: impt-plugin-abi-$abi_major.$abi_minor"
# Architecture-independent: fix the field write_control wrote.
sed -i 's/^Architecture: .*/Architecture: all/' "$dev/DEBIAN/control"
find "$dev" -type d -exec chmod 0755 {} +
dpkg-deb --root-owner-group -Zxz --build "$dev" "$out/impt-dev_${version}_all.deb" >/dev/null

# MARK: the simulator

sim=$work/debian/impcentral-sim
install_stripped "$bin/impcentral-sim" "$sim/usr/bin/impcentral-sim"
check_runpath "$bin/impcentral-sim"
for lib in $(runtime_closure "$bin/impcentral-sim"); do install_stripped "$runtime/$lib" "$sim/usr/lib/impcentral-sim/$lib"; done
sim_depends=$(shlib_depends impcentral-sim "$sim/usr/lib/impcentral-sim" "$sim/usr/bin/impcentral-sim" "$sim"/usr/lib/impcentral-sim/*.so)
write_control "$sim" impcentral-sim "$sim_depends" "Description: local impCentral API v5 server for testing impt
 impcentral-sim serves the impCentral API v5 on a local port with an
 embedded database, simulated devices, log streams and webhooks, so impt
 and scripts built on it run without an account or a network. It carries
 its own Swift runtime."
build_deb "$sim" impcentral-sim

# MARK: the tarball

name=impt-$version-linux-$machine
tree=$work/tar/$name
mkdir -p "$tree"
for dir in "$host" "$sim" "$work"/debian/impt-*; do
    [ "$dir" = "$full" ] && continue
    (cd "$dir/usr" && find . -type f -print0 | while IFS= read -r -d '' file; do
        mkdir -p "$tree/$(dirname "$file")"
        cp -p "$file" "$tree/$file"
    done)
done
install -m 0755 tools/package/install.sh "$tree/install.sh"
printf '%s\n' "$version" >"$tree/VERSION"
find "$tree" -type d -exec chmod 0755 {} +
tar -C "$work/tar" --owner=0 --group=0 --numeric-owner -czf "$out/$name.tar.gz" "$name"

echo "Packages of impt $version in $out ($(($(date +%s) - started)) s):" >&2
(cd "$out" && ls -l ./*"$version"* >&2)
