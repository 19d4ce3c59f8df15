/**
 * What a World Bank `Country Code` stands for. Both tables are written out here so that the
 * format stays a pure function of its record; `world-bank-codes.test.ts` checks them against the
 * files they come from (`Metadata_Country_…csv` and `country-codes.csv` in `data/`).
 */

/**
 * The World Bank's aggregates in the 2019-07-10 WDI release: regions, income groups, lending
 * groups, demographic dividend groups, the world, and `INX` ("Not classified"). They are the
 * codes whose `Region` is empty in the release's Metadata_Country file, plus `INX`, which is in
 * the data files but missing from that file.
 */
export const WORLD_BANK_AGGREGATES: ReadonlySet<string> = new Set(
  (
    "ARB CEB CSS EAP EAR EAS ECA ECS EMU EUU FCS HIC HPC IBD IBT IDA IDB IDX INX LAC LCN LDC LIC LMC " +
    "LMY LTE MEA MIC MNA NAC OED OSS PRE PSS PST SAS SSA SSF SST TEA TEC TLA TMN TSA TSS UMC WLD"
  ).split(" "),
);

/**
 * ISO 3166-1 alpha-3 → alpha-2 for the 249 countries of `country-codes.csv`, written as
 * five-letter pairs (`ABWAW` is ABW → AW). Namibia is `NAMNA`: its alpha-2 code is `NA`.
 */
const ISO_PAIRS =
  "ABWAW AFGAF AGOAO AIAAI ALAAX ALBAL ANDAD AREAE ARGAR ARMAM ASMAS ATAAQ ATFTF ATGAG AUSAU AUTAT " +
  "AZEAZ BDIBI BELBE BENBJ BESBQ BFABF BGDBD BGRBG BHRBH BHSBS BIHBA BLMBL BLRBY BLZBZ BMUBM BOLBO " +
  "BRABR BRBBB BRNBN BTNBT BVTBV BWABW CAFCF CANCA CCKCC CHECH CHLCL CHNCN CIVCI CMRCM CODCD COGCG " +
  "COKCK COLCO COMKM CPVCV CRICR CUBCU CUWCW CXRCX CYMKY CYPCY CZECZ DEUDE DJIDJ DMADM DNKDK DOMDO " +
  "DZADZ ECUEC EGYEG ERIER ESHEH ESPES ESTEE ETHET FINFI FJIFJ FLKFK FRAFR FROFO FSMFM GABGA GBRGB " +
  "GEOGE GGYGG GHAGH GIBGI GINGN GLPGP GMBGM GNBGW GNQGQ GRCGR GRDGD GRLGL GTMGT GUFGF GUMGU GUYGY " +
  "HKGHK HMDHM HNDHN HRVHR HTIHT HUNHU IDNID IMNIM INDIN IOTIO IRLIE IRNIR IRQIQ ISLIS ISRIL ITAIT " +
  "JAMJM JEYJE JORJO JPNJP KAZKZ KENKE KGZKG KHMKH KIRKI KNAKN KORKR KWTKW LAOLA LBNLB LBRLR LBYLY " +
  "LCALC LIELI LKALK LSOLS LTULT LUXLU LVALV MACMO MAFMF MARMA MCOMC MDAMD MDGMG MDVMV MEXMX MHLMH " +
  "MKDMK MLIML MLTMT MMRMM MNEME MNGMN MNPMP MOZMZ MRTMR MSRMS MTQMQ MUSMU MWIMW MYSMY MYTYT NAMNA " +
  "NCLNC NERNE NFKNF NGANG NICNI NIUNU NLDNL NORNO NPLNP NRUNR NZLNZ OMNOM PAKPK PANPA PCNPN PERPE " +
  "PHLPH PLWPW PNGPG POLPL PRIPR PRKKP PRTPT PRYPY PSEPS PYFPF QATQA REURE ROURO RUSRU RWARW SAUSA " +
  "SDNSD SENSN SGPSG SGSGS SHNSH SJMSJ SLBSB SLESL SLVSV SMRSM SOMSO SPMPM SRBRS SSDSS STPST SURSR " +
  "SVKSK SVNSI SWESE SWZSZ SXMSX SYCSC SYRSY TCATC TCDTD TGOTG THATH TJKTJ TKLTK TKMTM TLSTL TONTO " +
  "TTOTT TUNTN TURTR TUVTV TWNTW TZATZ UGAUG UKRUA UMIUM URYUY USAUS UZBUZ VATVA VCTVC VENVE VGBVG " +
  "VIRVI VNMVN VUTVU WLFWF WSMWS YEMYE ZAFZA ZMBZM ZWEZW";

export const ISO_ALPHA2_BY_ALPHA3: ReadonlyMap<string, string> = new Map(
  ISO_PAIRS.split(" ").map((pair) => [pair.slice(0, 3), pair.slice(3)]),
);

/**
 * Economies the World Bank codes outside ISO 3166-1: Kosovo (`XKX`) and the Channel Islands
 * (`CHI`, Jersey and Guernsey together). They are countries, not aggregates, with no Location.
 */
export const WORLD_BANK_NON_ISO_ECONOMIES: ReadonlySet<string> = new Set(["XKX", "CHI"]);
