package normalize

// nicknameTable lists given names and the nicknames, short forms and
// spelling variants that mean the same name, one canonical name per line as
// "canonical: form form ...", all as keys (see Key). A form may follow
// several canonical names ("al" -> albert, alan, alfred, alexander); a
// canonical name that is also a form of another one maps to both. It is parsed
// by New into a per-Normalizer map; this constant is the only copy.
//
// Only nicknames and spelling variants of the same name are listed: names
// that merely look alike (Jon/John) are not unified, and translations across
// languages (John/Johannes/Giovanni) are not either.
const nicknameTable = `
aaron: ron ronnie
abigail: abby abbie abbey gail
abraham: abe bram
adelaide: addie adele della heidi
adolph: dolph
adrian: ade
agatha: aggie
agnes: aggie nessa nessie
albert: al bert bertie
alan: al allan allen
alexander: al alex alec alek sandy xander sasha sascha lex
alexandra: alex alexa lexi lexie sandy sasha sascha sandra
alfred: al alf alfie fred freddie freddy
alice: allie ally ali
alison: ali allie ally allison alyson
amanda: mandy manda
amelia: amy millie milly
anastasia: stacy stacey ana
andrew: andy drew andie
angela: angie
anne: ann anna annie nan nanny nannie
nancy: nan
anthony: tony ant antony
antonia: toni tonia
archibald: archie
arnold: arnie
arthur: art artie
augustus: gus gussie
augustine: gus austin
barbara: barb barbie babs bab
bartholomew: bart bat
beatrice: bea trixie bee
benedict: ben benny
benjamin: ben benny benji benjie
bernard: bernie barney bernd bernhard
bernadette: bernie
beverly: bev
bradley: brad
calvin: cal
cameron: cam
caroline: carol carrie caro callie
carolyn: carol carrie
cassandra: cassie cass
catherine: katherine kathryn katharine kathrine katharina katarina kate kathy katie katy cathy cat kath kay kit kitty kathe trina
cecilia: cissy celia cecily
charles: charlie chuck chas chaz chip chuckie
charlotte: lottie lotte charlie
christian: chris
christina: chris chrissy tina christine kristina kristine
christopher: chris kit topher kris christoph christophe
clarence: clarry
clement: clem
clifford: cliff
constance: connie
cornelius: neil con corny
cynthia: cindy
daniel: dan danny
danielle: dani
david: dave davy davey
deborah: deb debbie debby debra
dolores: delores lola lolita dolly dee
dennis: denny
desmond: des
dominic: dom
donald: don donnie
dorothy: dot dottie dolly dora
douglas: doug
edith: edie
edmund: ed eddie ned
edward: ed eddie eddy ned ted teddy
edwin: ed eddie
eleanor: ellie nell nellie nora elle
elizabeth: liz lizzie lizzy beth betty bette betsy betsey bess bessie eliza elisabeth libby lisa elsie lisbeth liesel lieschen ilse elsa elsbeth lilibet
ellen: nell nellie ellie
emily: em emmy millie
emma: em emmy
ernest: ernie
esther: essie hetty
eugene: gene
eugenia: genie
evelyn: evie
ezekiel: zeke
ferdinand: ferdie ferdi
florence: flo flossie
frances: fran frannie franny fanny
francis: frank frankie fran
franklin: frank
frederick: fred freddie freddy fritz frederic fredrick
gabriel: gabe gabby
gabrielle: gabby gabi
george: georgie
georgina: georgie gina
gerald: gerry jerry
geraldine: geri gerry
gerard: gerry
gertrude: gertie trudy
gilbert: gil bert
gregory: greg
gwendolyn: gwen wendy
harold: harry hal
harriet: hattie
henrietta: etta hetty
henry: harry hank hal henri
herbert: herb bert
hubert: bert hugh
hugh: hughie
humphrey: humph
ignatius: iggy
isaac: ike
isabella: bella izzy issy isabelle isabel isobel
jacob: jake jakob
jacqueline: jackie jacqui
james: jim jimmy jamie jimbo jem
jane: janie jenny
janet: jan
janice: jan
jeffrey: jeff geoffrey geoff jeffery
jennifer: jen jenny jenn
jeremiah: jerry
jeremy: jerry jez
jerome: jerry
jessica: jess jessie
jillian: jill
joanna: jo joanne
john: jack johnny jock
jonathan: jon jonny jonty
joseph: joe joey jo josef sepp seppl jupp
josephine: jo josie jody
joshua: josh
judith: judy jude
julia: julie jules
kenneth: ken kenny
kimberly: kim kimmy
lawrence: larry laurie lawrie laurence lorenz
leonard: len lenny leo
leslie: les
lewis: lew lou louis
lillian: lily lil lilly
louis: lou louie
louisa: lou lulu
louise: lou lulu
lucinda: cindy lucy
madeleine: maddie maddy madeline madelyn
malcolm: mal
margaret: peggy peg maggie meg madge marge margie margo margot greta gretchen gretel grete daisy mags margarete margarethe marguerite
marjorie: marge margie
martha: marty mattie patty
martin: marty
mary: molly polly mae mamie
matilda: tilly tilda
matthew: matt matty mathieu matthieu
maureen: mo
maurice: mo
maximilian: max maxi
maxwell: max
melanie: mel
melissa: mel missy lissa
michael: mike mikey mick mickey micky
michaela: micki
michelle: shelly
mildred: millie
millicent: millie
mitchell: mitch
montgomery: monty
mortimer: mort
morris: mo
natalie: nat
natasha: tasha nat
nathan: nate
nathaniel: nat nate nathan
neville: nev
nicholas: nick nicky nico nicolas nikolaus niklas klaus
nicola: nicky nikki
nicole: nicki nicky nikki
norman: norm
oliver: ollie
olivia: liv livvy
oswald: ozzie
pamela: pam
patricia: pat patty patsy trish tricia trisha
patrick: pat paddy
penelope: penny
percival: percy
peter: pete
philip: phil pip phillip philipp philippe
philippa: pippa pip
priscilla: cilla prissy
prudence: prue
randall: randy
randolph: randy
raphael: rafe
raymond: ray
rebecca: becky becca
reginald: reg reggie
regina: gina
richard: dick dickie rick ricky rich richie
robert: bob bobby rob robbie robby bert bertie
roberta: bobbie
roderick: rod roddy
rodney: rod
roger: rodge
ronald: ron ronnie
rosalind: ros roz
rosemary: rose rosie
russell: russ
samantha: sam sammy sami
samuel: sam sammy
sarah: sara sally sadie
sebastian: seb bastian basti
seymour: sy
simon: si
solomon: sol
sophia: sophie
stanley: stan
stephanie: steph stephie
stephen: steve stevie steven stephan stefan
susan: sue susie suzy susi suzanne susanne susanna susannah sanne
sylvester: sly
tabitha: tabby
teresa: terry tess tessa theresa tracy
terence: terry
thaddeus: tad
theodora: teddie dora
theodore: theo ted teddy theodor
thomas: tom tommy thom
timothy: tim timmy
tobias: toby
valerie: val
veronica: ronnie
victoria: vicky vicki tori
vincent: vince vinny
virginia: ginny ginger
wallace: wally
walter: walt wally
wesley: wes
wilfred: wilf fred
wilhelmina: mina minnie wilma
william: bill billy will willy willie liam wil
winifred: winnie freda
winston: win
zachary: zach zack zak
zachariah: zach

andreas: andi andy
dietrich: dieter dirk
friedrich: fritz friedel
gerhard: gerd
heinrich: heinz heini
joachim: achim jochen
johannes: hans hannes hansi johann jan
magdalena: lena leni magda
rudolf: rudi
ulrich: ulli uli
ulrike: ulli uli rike
wilhelm: willi willy wim
wolfgang: wolf wolfi
franziska: franzi fanny
jacques: jacquot

alejandro: alex
alberto: beto
antonio: toni tono tonino nino
concepcion: concha conchita
eduardo: lalo
enrique: kike quique
francisca: paca paquita
francisco: paco pancho curro
guadalupe: lupe lupita
guillermo: memo
ignacio: nacho
jesus: chucho chuy
jose: pepe pepito chepe
manuel: manolo manu
mercedes: merche
roberto: beto
rosario: charo

alessandro: sandro
domenico: mimmo
francesco: checco cecco
giovanna: gianna vanna
giovanni: gianni vanni
giuseppe: beppe peppe peppino pino
lorenzo: renzo enzo
salvatore: toto turi
vincenzo: enzo
`
