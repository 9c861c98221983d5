import Foundation
import TupuModel

/// One self-contained HTML page to explore a drawing in a browser: the SVG Graphviz laid out,
/// with pan and zoom, search, filters by kind and relation, a pinyin toggle and a side panel
/// (a node's facts; an edge's evidence sentences with the span marked, document titles and
/// dates). Nothing is loaded from the network. With `serving`, the page also offers to expand
/// a node's neighbours and a query box, answered by `tupu serve` under `/api/`.
public struct HTMLPage: Sendable {
    /// What the page says of a document.
    public struct Document: Sendable, Equatable {
        public var path: String
        public var title: String?
        public var published: String?

        public init(path: String, title: String?, published: String?) {
            self.path = path
            self.title = title
            self.published = published
        }
    }

    public var title: String
    public var svg: String
    public var drawing: Drawing
    public var documents: [Document]
    public var serving: Bool

    public init(title: String, svg: String, drawing: Drawing, documents: [Document], serving: Bool = false) {
        self.title = title
        self.svg = svg
        self.drawing = drawing
        self.documents = documents
        self.serving = serving
    }

    // MARK: - Data handed to the script

    struct NodeData: Codable {
        var name: String
        var kind: String
        var kindLabel: String
        var pinyin: String
        var aliases: [String]
        var entity: Int64?
    }

    struct EvidenceData: Codable {
        var document: String
        var sentence: String
        var surface: String
        var rule: String
        var confidence: Double
    }

    struct FactData: Codable {
        var predicate: String
        var label: String
        var evidence: [EvidenceData]
    }

    struct EdgeData: Codable {
        var source: String
        var target: String
        var facts: [FactData]
    }

    struct DocumentData: Codable {
        var title: String?
        var published: String?
    }

    struct PageData: Codable {
        var nodes: [String: NodeData]
        var edges: [String: EdgeData]
        var documents: [String: DocumentData]
        var kinds: [[String]]
        var predicates: [[String]]
        var serving: Bool
    }

    /// The data the page's script reads: nodes and edges keyed by the names Graphviz writes
    /// in each SVG element's `<title>` (`n12`, `n12->n40`).
    func data() -> PageData {
        let graph = drawing.graph
        Pinyin.prepare(graph.nodes.map(\.name))
        var nodes: [String: NodeData] = [:]
        for node in graph.nodes {
            nodes[DOTWriter.nodeID(node.id)] = NodeData(
                name: node.name, kind: node.kind.rawValue, kindLabel: node.kind.chineseLabel,
                pinyin: Pinyin.label(node.name, kind: node.kind), aliases: node.aliases, entity: node.id)
        }
        var literals: [String: String] = [:]
        let values = Set(graph.edges.compactMap { $0.object == nil ? $0.literal.map { Array($0.utf8) } : nil })
            .sorted { $0.lexicographicallyPrecedes($1) }
        for (index, value) in values.enumerated() {
            let text = String(decoding: value, as: UTF8.self)
            literals[text] = "l\(index)"
            nodes["l\(index)"] = NodeData(name: text, kind: "literal", kindLabel: "值", pinyin: text, aliases: [], entity: nil)
        }
        for (index, more) in drawing.more.enumerated() {
            nodes[DOTWriter.moreID(index)] = NodeData(
                name: more.label, kind: "more", kindLabel: "省略", pinyin: more.label, aliases: [], entity: nil)
        }
        var edges: [String: EdgeData] = [:]
        for edge in graph.edges where edge.predicate != .instanceOf {
            let source = DOTWriter.nodeID(edge.subject)
            guard let target = edge.object.map(DOTWriter.nodeID) ?? edge.literal.flatMap({ literals[$0] }) else { continue }
            let fact = FactData(
                predicate: edge.predicate.rawValue, label: edge.predicate.chineseLabel,
                evidence: edge.evidence.map {
                    EvidenceData(document: $0.document, sentence: $0.sentence, surface: $0.surface, rule: $0.rule, confidence: $0.confidence)
                })
            edges["\(source)->\(target)", default: EdgeData(source: source, target: target, facts: [])].facts.append(fact)
        }
        var documentData: [String: DocumentData] = [:]
        for document in documents {
            documentData[document.path] = DocumentData(title: document.title, published: document.published)
        }
        let kinds = Set(graph.nodes.map(\.kind)).sorted().map { [$0.rawValue, $0.chineseLabel] }
        let predicates = Set(graph.edges.map(\.predicate)).subtracting([.instanceOf]).sorted().map { [$0.rawValue, $0.chineseLabel] }
        return PageData(
            nodes: nodes, edges: edges, documents: documentData, kinds: kinds, predicates: predicates, serving: serving)
    }

    /// The page's data as JSON, safe inside a `<script>` element.
    public func dataJSON() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bytes = (try? encoder.encode(data())) ?? Data("{}".utf8)
        return Self.scriptSafe(String(decoding: bytes, as: UTF8.self))
    }

    /// JSON with `<`, `>` and `&` escaped, so that no `</script>` can end the element early.
    static func scriptSafe(_ json: String) -> String {
        json.replacingOccurrences(of: "<", with: "\\u003c")
            .replacingOccurrences(of: ">", with: "\\u003e")
            .replacingOccurrences(of: "&", with: "\\u0026")
    }

    /// The SVG without the XML declaration and doctype Graphviz writes before it.
    static func inlineSVG(_ svg: String) -> String {
        guard let start = svg.range(of: "<svg") else { return svg }
        return String(svg[start.lowerBound...])
    }

    /// The page.
    public func write() -> String {
        """
        <!DOCTYPE html>
        <html lang="zh">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(DOTWriter.htmlEscaped(title.replacingOccurrences(of: "\n", with: " · ")))</title>
        <style>\(Self.style)</style>
        </head>
        <body>
        <header>
          <input id="search" type="search" placeholder="搜索 / search" autocomplete="off">
          <label><input id="pinyin" type="checkbox"> 拼音 pinyin</label>
          <button id="fit" type="button">适应窗口 fit</button>
          <details id="filters"><summary>筛选 filter</summary><div id="kinds"></div><div id="predicates"></div></details>
          \(serving ? "<form id=\"queryform\"><input id=\"query\" placeholder=\"?p attended ?e\" autocomplete=\"off\"><button type=\"submit\">查询 query</button></form>" : "")
        </header>
        <main>
          <div id="canvas">\(Self.inlineSVG(svg))</div>
          <aside id="panel"><p class="hint">点击节点看事实，点击连线看证据。<br>Click a node for its facts, an edge for its evidence.</p></aside>
        </main>
        <div id="results" hidden></div>
        <script id="tupu-data" type="application/json">\(dataJSON())</script>
        <script>\(Self.script)</script>
        </body>
        </html>

        """
    }

    static let style = """
        html,body{margin:0;height:100%;font-family:"Noto Sans CJK SC",sans-serif;font-size:14px}
        body{display:flex;flex-direction:column}
        header{display:flex;gap:12px;align-items:center;padding:6px 10px;border-bottom:1px solid #ccc;flex-wrap:wrap}
        header input[type=search]{width:16em}
        #query{width:22em}
        details{position:relative}
        details>div{display:flex;flex-wrap:wrap;gap:4px 10px;max-width:40em}
        details[open]{background:#fafafa;border:1px solid #ddd;padding:4px}
        main{flex:1;display:flex;min-height:0}
        #canvas{flex:1;overflow:hidden;cursor:grab;background:#fff}
        #canvas svg{width:100%;height:100%}
        #panel{width:340px;overflow:auto;border-left:1px solid #ccc;padding:8px 12px;background:#fcfcfc}
        #panel h2{font-size:16px;margin:4px 0}
        #panel .kind{color:#666}
        #panel li{margin:4px 0}
        #panel blockquote{margin:4px 0 10px 0;padding:4px 8px;border-left:3px solid #C25E00;background:#fff}
        #panel .doc{color:#555;font-size:12px}
        mark{background:#FFE08A}
        .hint{color:#777}
        g.node.found>*:first-of-type,g.node.selected>*:first-of-type{stroke:#d00;stroke-width:3px}
        g.edge.selected path{stroke-width:3px}
        .dim{opacity:.15}
        a.link{color:#1F618D;cursor:pointer;text-decoration:underline}
        #results{max-height:35%;overflow:auto;border-top:1px solid #ccc;padding:6px 10px}
        #results table{border-collapse:collapse}
        #results td,#results th{border:1px solid #ddd;padding:2px 6px}
        """

    static let script = """
        "use strict";
        const data = JSON.parse(document.getElementById("tupu-data").textContent);
        const canvas = document.getElementById("canvas");
        const panel = document.getElementById("panel");
        let svg, box, view;
        function esc(s){return String(s).replace(/[&<>"']/g,c=>({"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;","'":"&#39;"}[c]));}
        function titleOf(g){const t=g.querySelector(":scope>title");return t?t.textContent:"";}
        function setView(){svg.setAttribute("viewBox",view.x+" "+view.y+" "+view.w+" "+view.h);}
        function setup(){
          svg=canvas.querySelector("svg");
          if(!svg)return;
          svg.removeAttribute("width");svg.removeAttribute("height");
          const vb=svg.viewBox.baseVal;box={x:vb.x,y:vb.y,w:vb.width,h:vb.height};view=Object.assign({},box);setView();
          svg.querySelectorAll("g.node").forEach(g=>{
            const id=titleOf(g);g.dataset.id=id;g.style.cursor="pointer";
            g.dataset.zh=JSON.stringify([...g.querySelectorAll("text")].map(t=>t.textContent));
            g.addEventListener("click",e=>{e.stopPropagation();showNode(id);});
          });
          svg.querySelectorAll("g.edge").forEach(g=>{
            const id=titleOf(g);g.dataset.id=id;g.style.cursor="pointer";
            g.addEventListener("click",e=>{e.stopPropagation();showEdge(id);});
          });
          applyPinyin();applyFilter();
        }
        // Pan and zoom, in the SVG's own units (the screen matrix accounts for the aspect ratio).
        function toUser(x,y){const p=svg.createSVGPoint();p.x=x;p.y=y;return p.matrixTransform(svg.getScreenCTM().inverse());}
        let drag=null;
        canvas.addEventListener("wheel",e=>{
          if(!svg)return;e.preventDefault();
          const f=e.deltaY>0?1.2:1/1.2;const m=toUser(e.clientX,e.clientY);
          view.w*=f;view.h*=f;view.x=m.x-(m.x-view.x)*f;view.y=m.y-(m.y-view.y)*f;setView();
        },{passive:false});
        canvas.addEventListener("mousedown",e=>{if(svg)drag={x:e.clientX,y:e.clientY,v:Object.assign({},view),k:svg.getScreenCTM().a};canvas.style.cursor="grabbing";});
        window.addEventListener("mousemove",e=>{
          if(!drag||!svg)return;
          view.x=drag.v.x-(e.clientX-drag.x)/drag.k;view.y=drag.v.y-(e.clientY-drag.y)/drag.k;setView();
        });
        window.addEventListener("mouseup",()=>{drag=null;canvas.style.cursor="grab";});
        document.getElementById("fit").addEventListener("click",()=>{view=Object.assign({},box);setView();});
        function zoomTo(g){
          const r=g.getBoundingClientRect();const a=toUser(r.left,r.top),b=toUser(r.right,r.bottom);
          const cx=(a.x+b.x)/2,cy=(a.y+b.y)/2;const w=Math.max((b.x-a.x)*8,box.w/8),h=w*box.h/box.w;
          view={x:cx-w/2,y:cy-h/2,w:w,h:h};setView();
        }
        // Selection and the side panel.
        function select(id){
          svg.querySelectorAll(".selected").forEach(g=>g.classList.remove("selected"));
          svg.querySelectorAll("g.node,g.edge").forEach(g=>{if(g.dataset.id===id)g.classList.add("selected");});
        }
        function nodeName(id){const n=data.nodes[id];return n?(pinyinOn()?n.pinyin:n.name):id;}
        function docLine(path){
          const d=data.documents[path]||{};
          return '<div class="doc">《'+esc(d.title||path)+"》"+(d.published?" "+esc(d.published):"")+" · "+esc(path)+"</div>";
        }
        function marked(ev){
          const i=ev.sentence.indexOf(ev.surface);
          if(i<0||!ev.surface)return esc(ev.sentence);
          return esc(ev.sentence.slice(0,i))+"<mark>"+esc(ev.surface)+"</mark>"+esc(ev.sentence.slice(i+ev.surface.length));
        }
        function showNode(id){
          const n=data.nodes[id];if(!n)return;select(id);
          let h='<h2 id="panel-title">'+esc(n.name)+'</h2><div class="kind">'+esc(n.kindLabel)+" ("+esc(n.kind)+")"+(n.pinyin!==n.name?" · "+esc(n.pinyin):"")+"</div>";
          if(n.aliases&&n.aliases.length)h+="<div>别名："+n.aliases.map(esc).join("、")+"</div>";
          const facts=Object.entries(data.edges).filter(([k,e])=>e.source===id||e.target===id);
          h+='<h3>事实 facts ('+facts.reduce((a,[k,e])=>a+e.facts.length,0)+')</h3><ul id="facts">';
          for(const [k,e] of facts){for(const f of e.facts){
            const other=e.source===id?e.target:e.source;
            h+='<li><a class="link" data-edge="'+esc(k)+'">'+(e.source===id?esc(f.label)+" → "+esc(nodeName(other)):esc(nodeName(other))+" "+esc(f.label)+" →")+"</a> <small>("+f.evidence.length+")</small></li>";
          }}
          h+="</ul>";
          if(data.serving&&n.entity!=null)h+='<button id="expand" type="button">展开邻居 expand</button>';
          panel.innerHTML=h;
          panel.querySelectorAll("a[data-edge]").forEach(a=>a.addEventListener("click",()=>showEdge(a.dataset.edge)));
          const b=document.getElementById("expand");if(b)b.addEventListener("click",()=>expand(n.entity));
        }
        function showEdge(id){
          const e=data.edges[id];if(!e)return;select(id);
          let h='<h2 id="panel-title">'+esc(nodeName(e.source))+" → "+esc(nodeName(e.target))+"</h2>";
          for(const f of e.facts){
            h+="<h3>"+esc(f.label)+" <small>("+esc(f.predicate)+")</small></h3>";
            if(!f.evidence.length)h+='<p class="hint">no evidence text loaded</p>';
            for(const ev of f.evidence){
              h+='<blockquote class="evidence">'+marked(ev)+docLine(ev.document)+'<div class="doc">'+esc(ev.rule)+" · "+ev.confidence+"</div></blockquote>";
            }
          }
          panel.innerHTML=h;
        }
        canvas.addEventListener("click",()=>{});
        // Search.
        document.getElementById("search").addEventListener("input",e=>{
          const q=e.target.value.trim().toLowerCase();let first=null;
          svg.querySelectorAll("g.node").forEach(g=>{
            const n=data.nodes[g.dataset.id];const hit=q&&n&&(n.name.toLowerCase().includes(q)||n.pinyin.toLowerCase().includes(q)||(n.aliases||[]).some(a=>a.toLowerCase().includes(q)));
            g.classList.toggle("found",!!hit);if(hit&&!first)first=g;
          });
          if(first)zoomTo(first);
        });
        // Pinyin.
        function pinyinOn(){return document.getElementById("pinyin").checked;}
        function applyPinyin(){
          svg.querySelectorAll("g.node").forEach(g=>{
            const n=data.nodes[g.dataset.id];if(!n)return;const texts=[...g.querySelectorAll("text")];const zh=JSON.parse(g.dataset.zh||"[]");
            texts.forEach((t,i)=>{t.textContent=pinyinOn()?(i===0?n.pinyin:""):zh[i];});
          });
        }
        document.getElementById("pinyin").addEventListener("change",applyPinyin);
        // Filters.
        function boxes(id,items,cls){
          const el=document.getElementById(id);el.innerHTML="";
          for(const [key,label] of items){el.insertAdjacentHTML("beforeend",'<label><input type="checkbox" checked class="'+cls+'" value="'+esc(key)+'"> '+esc(label)+"</label>");}
          el.querySelectorAll("input").forEach(i=>i.addEventListener("change",applyFilter));
        }
        function applyFilter(){
          const kinds=new Set([...document.querySelectorAll("input.kind:checked")].map(i=>i.value));
          const preds=new Set([...document.querySelectorAll("input.pred:checked")].map(i=>i.value));
          const hidden=new Set();
          svg.querySelectorAll("g.node").forEach(g=>{const n=data.nodes[g.dataset.id];const off=n&&data.kinds.some(k=>k[0]===n.kind)&&!kinds.has(n.kind);g.style.display=off?"none":"";if(off)hidden.add(g.dataset.id);});
          svg.querySelectorAll("g.edge").forEach(g=>{const e=data.edges[g.dataset.id];
            const off=e&&(hidden.has(e.source)||hidden.has(e.target)||!e.facts.some(f=>preds.has(f.predicate)));g.style.display=off?"none":"";});
        }
        boxes("kinds",data.kinds,"kind");boxes("predicates",data.predicates,"pred");
        // Serving: expand a node, run a query.
        const shown=new Set();
        async function expand(entity){
          shown.add(entity);
          const r=await fetch("/api/expand?ids="+[...shown].join(","));const j=await r.json();
          if(j.error){panel.insertAdjacentHTML("beforeend",'<p class="hint">'+esc(j.error)+"</p>");return;}
          canvas.innerHTML=j.svg;Object.assign(data,j.data);boxes("kinds",data.kinds,"kind");boxes("predicates",data.predicates,"pred");setup();
          canvas.dataset.expanded=String(shown.size);
        }
        const qf=document.getElementById("queryform");
        if(qf)qf.addEventListener("submit",async e=>{
          e.preventDefault();const out=document.getElementById("results");out.hidden=false;
          const r=await fetch("/api/query?q="+encodeURIComponent(document.getElementById("query").value));const j=await r.json();
          if(j.error){out.innerHTML='<p class="hint">'+esc(j.error)+"</p>";return;}
          out.innerHTML="<table><tr>"+j.columns.map(c=>"<th>"+esc(c)+"</th>").join("")+"</tr>"+j.rows.map(r=>"<tr>"+r.map(c=>"<td>"+esc(c)+"</td>").join("")+"</tr>").join("")+"</table><p>"+j.rows.length+" rows</p>";
        });
        setup();
        """
}
