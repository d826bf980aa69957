"""MindSpore's `compile_config`: the graph compiler's settings as module attributes, with
MindSpore's names and default strings, which programs set (`compile_config.FOR_HALF_UNROLL =
'1'`) before compiling.

graphc's compiler has no switch behind these names (its for-loops, in-place augmented
assignment and JIT Fallback behave as MindSpore's defaults do); they are plain settings that
can be set and read back, so programs that set them run unchanged.
"""

AUTO_PASSES_OPTIMIZE_PATH = ''
COMPILE_PROFILE = ''
COMPILE_PROFILE_FINISH_ACTION = ''
COMPILE_DEBUG_MODE = ''
FALLBACK_SUPPORT_LIST_DICT_INPLACE = ''
FALLBACK_FORCE_ANY = ''
IF_PARALLEL_CALL = ''
FOR_HALF_UNROLL = ''
NOT_WAIT_BRANCH_EVAL = ''
RECURSIVE_EVAL = ''
SINGLE_EVAL = ''
ENABLE_DDE = ''
BOOST_PARSE = ''
GREED_PARSE = ''
AMP_ENABLE_ALL_FG = ''
COMPILE_PRINT = ''
GRAD_FOR_SCALAR = ''
DEBUG_LEVEL = ''
PIJIT_SUBGRAPH_BREAK_OPTIMIZE = ''
ENABLE_ELIMINATE_UNUSED_PARAMS = ''
JIT_ENABLE_AUGASSIGN_INPLACE = '1'
JIT_ENABLE_AUGASSIGN_INPLACE_FALLBACK = '1'
GRAD_JIT_FILTER = '1'
