#!/bin/sh
# Installs impt from this unpacked tarball, for machines without dpkg.
#
#   ./install.sh [--prefix DIR] [--groups auth,device,log] [--simulator] [--dev]
#   ./install.sh [--prefix DIR] --remove-groups product,webhook
#   ./install.sh [--prefix DIR] --uninstall
#
# --prefix DIR      where to install (default /usr/local): DIR/bin/impt, its Swift runtime in
#                   DIR/lib/impt, the command groups in DIR/lib/impt/plugins
# --groups LIST     the command groups to install, comma-separated (default: every group); groups
#                   installed earlier stay installed
# --simulator       also install impcentral-sim (DIR/bin, its runtime in DIR/lib/impcentral-sim)
# --dev             also install the plugin ABI header (DIR/include/impt) and its pkg-config file
#                   (DIR/share/pkgconfig/impt-plugin.pc), for writing plugins
# --remove-groups LIST  removes these command groups
# --uninstall       removes everything this script installed under DIR
#
# Every file is copied under a temporary name and renamed into place, so a running impt never
# sees half a file. What was installed is listed in DIR/lib/impt/install.manifest.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
prefix=/usr/local
groups=""
remove=""
simulator=no
dev=no
uninstall=no

usage() {
    sed -n '2,/^$/s/^# \{0,1\}//p' "$0" >&2
    exit 2
}
fail() {
    echo "install.sh: $*" >&2
    exit 1
}

while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] || fail "--prefix needs a directory"; prefix=$2; shift 2 ;;
        --prefix=*) prefix=${1#--prefix=}; shift ;;
        --groups) [ $# -ge 2 ] || fail "--groups needs a list of groups"; groups=$2; shift 2 ;;
        --groups=*) groups=${1#--groups=}; shift ;;
        --remove-groups) [ $# -ge 2 ] || fail "--remove-groups needs a list of groups"; remove=$2; shift 2 ;;
        --remove-groups=*) remove=${1#--remove-groups=}; shift ;;
        --simulator) simulator=yes; shift ;;
        --dev) dev=yes; shift ;;
        --uninstall) uninstall=yes; shift ;;
        -h | --help) usage ;;
        *) echo "install.sh: unknown option: $1" >&2; usage ;;
    esac
done
[ -n "$prefix" ] || fail "--prefix needs a directory"
case "$prefix" in /*) ;; *) prefix=$(pwd)/$prefix ;; esac

available=$(cd "$here/lib/impt/plugins" && ls libimpt-*.so | sed 's/^libimpt-//; s/\.so$//' | tr '\n' ' ' | sed 's/ $//')
manifest=$prefix/lib/impt/install.manifest

# Checks a comma-separated list against the groups of this tarball; prints them one per line.
checked_groups() {
    list=$(printf '%s' "$1" | tr ',' ' ')
    [ -n "$(printf '%s' "$list" | tr -d ' ')" ] || fail "the list of groups is empty; the groups are: $(echo "$available" | sed 's/ /, /g')"
    for group in $list; do
        case " $available " in
            *" $group "*) echo "$group" ;;
            *) fail "there is no command group \"$group\"; the groups are: $(echo "$available" | sed 's/ /, /g')" ;;
        esac
    done
}

# The Debian package owns an impt in this prefix: two owners of one file would break both.
if [ -x "$prefix/bin/impt" ] && command -v dpkg >/dev/null 2>&1 && dpkg -S "$prefix/bin/impt" >/dev/null 2>&1; then
    fail "$prefix/bin/impt belongs to a Debian package; use apt (or choose another --prefix)"
fi

# place SOURCE DEST: copies under a temporary name beside DEST, then renames it into place.
place() {
    mkdir -p "$(dirname "$2")"
    tmp="$2.install-$$"
    cp "$1" "$tmp"
    chmod "$(if [ -x "$1" ]; then echo 0755; else echo 0644; fi)" "$tmp"
    mv -f "$tmp" "$2"
    relative=${2#"$prefix"/}
    grep -qxF "$relative" "$manifest" 2>/dev/null || echo "$relative" >>"$manifest"
}

unplace() {
    rm -f "$prefix/$1"
    if [ -f "$manifest" ]; then
        grep -vxF "$1" "$manifest" >"$manifest.new-$$" || true
        mv -f "$manifest.new-$$" "$manifest"
    fi
}

if [ "$uninstall" = yes ]; then
    [ -f "$manifest" ] || fail "nothing was installed in $prefix by install.sh (no $manifest)"
    while IFS= read -r relative; do
        [ -n "$relative" ] && rm -f "$prefix/$relative"
    done <"$manifest"
    rm -f "$manifest"
    for dir in lib/impt/plugins lib/impt lib/impcentral-sim share/bash-completion/completions share/bash-completion \
        include/impt share/pkgconfig share/doc/impt-dev/examples share/doc/impt-dev share/doc; do
        rmdir "$prefix/$dir" 2>/dev/null || true
    done
    echo "impt is removed from $prefix."
    exit 0
fi

if [ -n "$remove" ]; then
    for group in $(checked_groups "$remove"); do
        unplace "lib/impt/plugins/libimpt-$group.so"
        echo "Removed the $group command group."
    done
    exit 0
fi

# Every name is checked before anything is copied.
if [ -n "$groups" ]; then
    selected=$(checked_groups "$groups")
else
    selected=$available
fi

mkdir -p "$prefix/lib/impt/plugins" || fail "cannot create $prefix/lib/impt (try sudo, or another --prefix)"
touch "$manifest" || fail "cannot write in $prefix/lib/impt"
for file in "$here"/lib/impt/*.so; do place "$file" "$prefix/lib/impt/$(basename "$file")"; done
if [ -f "$here/share/bash-completion/completions/impt" ]; then
    place "$here/share/bash-completion/completions/impt" "$prefix/share/bash-completion/completions/impt"
fi
for group in $selected; do
    place "$here/lib/impt/plugins/libimpt-$group.so" "$prefix/lib/impt/plugins/libimpt-$group.so"
done
# The host last: an impt that runs finds its runtime and plugins in place.
place "$here/bin/impt" "$prefix/bin/impt"
if [ "$dev" = yes ]; then
    for file in "$here"/include/impt/*.h; do place "$file" "$prefix/include/impt/$(basename "$file")"; done
    place "$here/share/pkgconfig/impt-plugin.pc" "$prefix/share/pkgconfig/impt-plugin.pc"
fi
if [ "$simulator" = yes ]; then
    for file in "$here"/lib/impcentral-sim/*.so; do place "$file" "$prefix/lib/impcentral-sim/$(basename "$file")"; done
    place "$here/bin/impcentral-sim" "$prefix/bin/impcentral-sim"
fi
installed=$(cd "$prefix/lib/impt/plugins" && ls libimpt-*.so 2>/dev/null | sed 's/^libimpt-//; s/\.so$//' | tr '\n' ' ' | sed 's/ $//')
echo "impt $(cat "$here/VERSION") is installed in $prefix with the groups: $(echo "$installed" | sed 's/ /, /g')."
