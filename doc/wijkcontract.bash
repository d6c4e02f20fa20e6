# wijkcontract.bash - bash completion for wijkcontract: the commands, each
# command's options, the values of -t, --format, --lang and --kind, and
# the files each place expects (installed as
# share/bash-completion/completions/wijkcontract).

_wijkcontract() {
    local cur prev words cword
    _init_completion || return

    local commands="check build matrix review report redline new diff verify help"
    local cmd="" i
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            --lang) ((i++)) ;;
            -*) ;;
            *) cmd=${words[i]}; break ;;
        esac
    done

    case $prev in
        --lang) COMPREPLY=($(compgen -W "nl en" -- "$cur")); return ;;
        --format) COMPREPLY=($(compgen -W "text json" -- "$cur")); return ;;
        -t | --to) COMPREPLY=($(compgen -W "odt docx pdf" -- "$cur")); return ;;
        --language) COMPREPLY=($(compgen -W "nl en" -- "$cur")); return ;;
        --kind) COMPREPLY=($(compgen -W "wijkcontract cba" -- "$cur")); return ;;
        -d | --directory) _filedir -d; return ;;
        -j | --jobs) COMPREPLY=($(compgen -W "1 2 4 8" -- "$cur")); return ;;
        --reference-doc) _filedir '@(odt|docx)'; return ;;
        -o | --output)
            case $cmd in
                build) _filedir '@(odt|docx|pdf)' ;;
                matrix) _filedir '@(txt|csv|md|odt|docx)' ;;
                review) _filedir '@(txt|ics|odt|docx)' ;;
                report) _filedir '@(txt|md|odt|docx)' ;;
                redline) _filedir '@(odt|docx)' ;;
                diff) _filedir '@(txt|md|json)' ;;
                *) _filedir ;;
            esac
            return ;;
        -p | --party | --as-of) return ;;
    esac

    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "--lang --help --version" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$commands" -- "$cur"))
        fi
        return
    fi

    local opts=""
    case $cmd in
        check) opts="--format --strict -q --quiet" ;;
        build) opts="-o --output -t --to -d --directory -j --jobs --reference-doc --draft --force --public -q --quiet" ;;
        matrix) opts="-o --output" ;;
        review) opts="-p --party -o --output" ;;
        report) opts="--as-of -o --output --draft" ;;
        redline) opts="-o --output --draft" ;;
        new) opts="--kind --language" ;;
        diff) opts="--format -o --output" ;;
        help) COMPREPLY=($(compgen -W "$commands" -- "$cur")); return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    elif [[ $cmd == verify ]]; then
        _filedir '@(odt|docx|md)'
    else
        _filedir md
    fi
} &&
    complete -F _wijkcontract wijkcontract
