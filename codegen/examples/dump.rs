fn main() {
    let mut errs = 0;
    let mut n = 0;
    let mut paths: Vec<std::path::PathBuf> = Vec::new();
    fn walk(p: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        if p.is_dir() {
            let mut e: Vec<_> = std::fs::read_dir(p)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            e.sort();
            for x in e {
                walk(&x, out)
            }
        } else if p.extension().map(|e| e == "md").unwrap_or(false) {
            out.push(p.to_path_buf())
        }
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quiet = args.iter().any(|a| a == "-q");
    for a in args.iter().filter(|a| *a != "-q") {
        walk(std::path::Path::new(a), &mut paths);
    }
    for p in paths {
        let b = std::fs::read(&p).unwrap();
        let s = p.to_string_lossy().to_string();
        let api = feishu_codegen::parse_page(&s, &b);
        n += 1;
        if api.has_errors() {
            errs += 1;
        }
        for d in &api.diagnostics {
            eprintln!("{}", d.render(&s));
        }
        if !quiet {
            println!("{}", serde_json::to_string(&api).unwrap());
        }
    }
    eprintln!("{n} pages, {errs} with errors");
}
